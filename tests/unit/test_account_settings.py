"""Changing an account: profile, password, avatar, api key, newsletter, deletion and export."""

import dataclasses

import pytest

from pybossa_core import errors
from pybossa_core.ports import CropBox
from pybossa_core.use_cases import accounts
from pybossa_core.users import ANONYMOUS, ChangeProfile

from .account_steps import form_problems
from .builders import NOW, a_user, actor
from .fakes import SequentialKeys

KEYS = SequentialKeys()  # one numbering for the module: every key it makes differs
RESERVED = frozenset({"signin", "register"})  # as the routes reserve them (test_routes.py)


def update(uow, caller, user, **changes):
    return accounts.update_profile(
        uow, caller, user.name, ChangeProfile(**changes), now=NOW, reserved_names=RESERVED
    )


# -- profile ----------------------------------------------------------------------------------


def test_a_user_changes_their_profile(uow, someone):
    update(
        uow,
        actor(someone),
        someone,
        name="ada.l",
        fullname="Ada L",
        locale="es",
        privacy_mode=False,
        subscribed=False,
    )
    stored = uow.users.get(someone.id)
    assert (
        stored.name,
        stored.fullname,
        stored.locale,
        stored.privacy_mode,
        stored.subscribed,
    ) == ("ada.l", "Ada L", "es", False, False)


def test_an_admin_changes_anyones_profile(uow, admin, someone):
    update(uow, actor(admin), someone, fullname="Changed By Admin")
    assert uow.users.get(someone.id).fullname == "Changed By Admin"


def test_another_user_may_not_change_a_profile(uow, owner, someone):
    with pytest.raises(errors.Forbidden):
        update(uow, actor(owner), someone, fullname="Not Mine")
    assert someone.fullname != "Not Mine"


def test_an_anonymous_caller_may_not_change_a_profile(uow, someone):
    with pytest.raises(errors.AuthenticationRequired):
        update(uow, ANONYMOUS, someone, fullname="Nobody")


def test_the_profile_of_an_unknown_user_is_not_found(uow, admin):
    with pytest.raises(errors.NotFound):
        accounts.update_profile(
            uow,
            actor(admin),
            "nobody",
            ChangeProfile(fullname="X Y Z"),
            now=NOW,
            reserved_names=RESERVED,
        )


def test_a_profile_change_names_only_profile_fields():
    assert set(ChangeProfile(fullname="Ada L").sent()) == {"fullname"}
    assert {f.name for f in dataclasses.fields(ChangeProfile)} == {
        "name",
        "fullname",
        "email_addr",
        "locale",
        "privacy_mode",
        "subscribed",
    }


def test_a_profile_keeps_the_registration_rules_all_at_once(uow, someone):
    problems = form_problems(
        update(uow, actor(someone), someone, name="a b", fullname="x", email_addr="nope")
    )
    assert problems == {
        "name": ["The user name must be 3 to 35 letters, digits, '.', '-' or '_'"],
        "fullname": ["Full name must be between 3 and 35 characters long"],
        "email_addr": ["Invalid email address."],
    }


def test_a_name_or_email_of_another_user_is_taken(uow, owner, someone):
    problems = form_problems(
        update(uow, actor(someone), someone, name=owner.name, email_addr=owner.email_addr.upper())
    )
    assert problems == {
        "name": ["The user name is already taken"],
        "email_addr": ["Email is already taken"],
    }


def test_a_reserved_name_is_taken(uow, someone):
    assert form_problems(update(uow, actor(someone), someone, name="signin")) == {
        "name": ["The user name is already taken"]
    }


def test_keeping_ones_own_name_and_email_is_fine(uow, someone):
    name, email = someone.name, someone.email_addr
    update(uow, actor(someone), someone, name=name, email_addr=email, fullname="Same Me")
    assert (someone.name, someone.email_addr, someone.fullname) == (name, email, "Same Me")


@pytest.mark.parametrize(
    "changes", [{"privacy_mode": "yes"}, {"subscribed": 1}, {"locale": ""}, {"locale": 7}]
)
def test_flags_and_locale_must_have_their_type(uow, someone, changes):
    assert list(form_problems(update(uow, actor(someone), someone, **changes))) == list(changes)


def test_a_new_email_must_be_confirmed_again(uow):
    user = a_user(uow, valid_email=True, confirmation_email_sent=True)
    update(uow, actor(user), user, email_addr="New@Example.com")
    assert (user.email_addr, user.valid_email, user.confirmation_email_sent) == (
        "new@example.com",
        False,
        False,
    )


def test_the_same_email_in_another_case_stays_confirmed(uow):
    user = a_user(uow, email_addr="ada@example.com", valid_email=True)
    update(uow, actor(user), user, email_addr="ADA@example.com")
    assert user.valid_email is True


def test_a_refused_change_changes_nothing(uow, someone):
    fullname = someone.fullname
    refused = update(uow, actor(someone), someone, fullname="Fine Name", email_addr="bad")
    assert list(form_problems(refused)) == ["email_addr"]
    assert uow.users.get(someone.id).fullname == fullname


# -- password ---------------------------------------------------------------------------------


def change(uow, hasher, caller, user, current="password", new="a new secret", confirm=None):
    return accounts.change_password(
        uow, caller, user.name, current, new, new if confirm is None else confirm, hasher=hasher
    )


def test_a_user_changes_their_password(uow, hasher, someone):
    change(uow, hasher, actor(someone), someone)
    assert hasher.verify("a new secret", uow.users.get(someone.id).passwd_hash)


def test_the_current_password_must_match(uow, hasher, someone):
    assert form_problems(change(uow, hasher, actor(someone), someone, current="guess")) == {
        "current_password": ["Your current password doesn't match the one in our records"]
    }
    assert someone.passwd_hash == "hashed:password"


def test_the_new_password_keeps_the_rules(uow, hasher, someone):
    problems = form_problems(
        change(uow, hasher, actor(someone), someone, current="guess", new="short", confirm="other")
    )
    assert problems == {
        "current_password": ["Your current password doesn't match the one in our records"],
        "new_password": ["Password must be at least 8 characters long"],
        "confirm": ["Passwords must match"],
    }


def test_not_even_an_admin_changes_another_users_password(uow, hasher, admin, someone):
    with pytest.raises(errors.Forbidden):
        change(uow, hasher, actor(admin), someone)
    assert someone.passwd_hash == "hashed:password"


def test_a_user_without_a_password_cannot_prove_the_current_one(uow, hasher):
    user = a_user(uow, passwd_hash=None)
    assert list(form_problems(change(uow, hasher, actor(user), user, current=""))) == [
        "current_password"
    ]


# -- avatar -----------------------------------------------------------------------------------


def upload(uow, images, storage, caller, user, data=b"picture", box=None):
    return accounts.update_avatar(
        uow, caller, user.name, data, box, images=images, storage=storage, keys=KEYS
    )


def test_an_avatar_is_cropped_stored_and_named_in_info(uow, images, storage, someone):
    box = CropBox(left=1, top=2, width=30, height=40)
    user = upload(uow, images, storage, actor(someone), someone, box=box)
    container, avatar = user.info["container"], user.info["avatar"]
    assert container == f"user_{someone.id}" and avatar.endswith("_avatar.png")
    assert storage.files == {(container, avatar): b"PNG:picture"}
    assert user.info["avatar_url"] == f"/uploads/{container}/{avatar}"
    assert images.boxes == [box]


def test_an_avatars_file_name_is_made_unique_by_the_random_keys_port(
    uow, images, storage, someone, keys
):
    user = accounts.update_avatar(
        uow,
        actor(someone),
        someone.name,
        b"picture",
        None,
        images=images,
        storage=storage,
        keys=keys,
    )
    assert user.info["avatar"] == "00010001000100010001000100010001_avatar.png"


def test_a_new_avatar_replaces_the_old_file(uow, images, storage, someone):
    first = dict(upload(uow, images, storage, actor(someone), someone, b"one").info)
    user = upload(uow, images, storage, actor(someone), someone, b"two")
    assert user.info["avatar"] != first["avatar"]
    assert list(storage.files.values()) == [b"PNG:two"]


def test_other_info_survives_an_avatar(uow, images, storage):
    user = a_user(uow, info={"twitter_token": {"oauth_token": "t"}})
    upload(uow, images, storage, actor(user), user)
    assert user.info["twitter_token"] == {"oauth_token": "t"}


def test_what_is_not_an_image_is_refused_and_nothing_changes(uow, images, storage):
    user = a_user(uow, info={"container": "user_1", "avatar": "old_avatar.png"})
    storage.save("user_1", "old_avatar.png", b"PNG:old")
    refused = upload(uow, images, storage, actor(user), user, b"not-an-image, a script")
    assert form_problems(refused) == {"avatar": ["This file is not an image we can read"]}
    assert user.info == {"container": "user_1", "avatar": "old_avatar.png"}
    assert storage.files == {("user_1", "old_avatar.png"): b"PNG:old"}


def test_an_admin_sets_anyones_avatar_but_others_may_not(
    uow, images, storage, admin, owner, someone
):
    upload(uow, images, storage, actor(admin), someone)
    assert "avatar" in someone.info
    with pytest.raises(errors.Forbidden):
        upload(uow, images, storage, actor(owner), someone)
    assert len(storage.files) == 1


# -- api key, newsletter ----------------------------------------------------------------------


def test_a_new_api_key_replaces_the_old_one(uow, someone, keys):
    old = someone.api_key
    user = accounts.reset_api_key(uow, actor(someone), someone.name, keys=keys)
    assert user.api_key == "00000000-0000-4000-8000-000000000001"
    assert uow.users.get_by_api_key(old) is None
    assert uow.users.get_by_api_key(user.api_key) is someone


def test_an_admin_rotates_anyones_api_key_but_others_may_not(uow, admin, owner, someone, keys):
    old = someone.api_key
    accounts.reset_api_key(uow, actor(admin), someone.name, keys=keys)
    assert someone.api_key != old
    with pytest.raises(errors.Forbidden):
        accounts.reset_api_key(uow, actor(owner), someone.name, keys=keys)


def test_subscribing_to_the_newsletter(uow):
    user = a_user(uow, subscribed=False)
    assert accounts.subscribe(uow, actor(user)).subscribed is True
    assert uow.users.get(user.id).subscribed is True


def test_only_a_signed_in_user_subscribes(uow):
    with pytest.raises(errors.AuthenticationRequired):
        accounts.subscribe(uow, ANONYMOUS)


# -- deletion and export requests -------------------------------------------------------------


@pytest.mark.parametrize(
    "request_, job",
    [
        (accounts.request_account_deletion, "delete_account"),
        (accounts.request_account_export, "export_account"),
    ],
)
def test_the_user_or_an_admin_queues_deletion_and_export(uow, jobs, admin, someone, request_, job):
    request_(uow, actor(someone), someone.name, jobs=jobs)
    request_(uow, actor(admin), someone.name, jobs=jobs)
    assert jobs.enqueued == [(job, {"user_id": someone.id})] * 2


@pytest.mark.parametrize(
    "request_", [accounts.request_account_deletion, accounts.request_account_export]
)
def test_nobody_else_queues_deletion_or_export(uow, jobs, owner, someone, request_):
    with pytest.raises(errors.Forbidden):
        request_(uow, actor(owner), someone.name, jobs=jobs)
    with pytest.raises(errors.AuthenticationRequired):
        request_(uow, ANONYMOUS, someone.name, jobs=jobs)
    with pytest.raises(errors.NotFound):
        request_(uow, actor(owner), "nobody", jobs=jobs)
    assert jobs.enqueued == []
