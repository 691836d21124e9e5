"""The repository queries of the front page and the admin console on a real database."""

from .builders import THINKING, a_category, a_project, a_task, a_task_run, a_user


def test_a_user_search_ignores_case_and_takes_wildcards_literally(uow):
    ada = a_user(uow, name="ada_l", fullname="Ada LOVELACE")
    a_user(uow, name="adaxl", email_addr="grace@example.com")
    percent = a_user(uow, name="fifty", fullname="100% sure")
    with uow:
        assert [u.id for u in uow.users.search("lovelace", 10)] == [ada.id]
        assert [u.id for u in uow.users.search("A_L", 10)] == [ada.id]
        assert [u.id for u in uow.users.search("0%", 10)] == [percent.id]
        assert uow.users.search("GRACE@", 10)[0].name == "adaxl"


def test_a_user_search_is_bounded_and_ordered_by_name(uow):
    for name in ("zed_vol", "amy_vol", "kim_vol"):
        a_user(uow, name=name)
    with uow:
        assert [u.name for u in uow.users.search("_VOL", 2)] == ["amy_vol", "kim_vol"]


def test_admins_are_listed_by_id(uow):
    first, second = a_user(uow, admin=True), a_user(uow, admin=True)
    a_user(uow)
    with uow:
        assert [u.id for u in uow.users.admins()] == [first.id, second.id]


def test_every_category_is_listed_and_projects_are_counted_per_category(uow):
    owner, extra = a_user(uow), a_category(uow)
    a_project(uow, owner)
    a_project(uow, owner, published=True)
    with uow:
        ids = [c.id for c in uow.categories.all()]
        counts = uow.categories.project_counts()
    assert ids == sorted(ids) and ids[0] == THINKING and ids[-1] == extra.id
    assert counts == {THINKING: 2}


def test_published_projects_are_picked_per_category_by_name(uow):
    owner, other = a_user(uow), a_category(uow)
    for name in ("d", "c", "b", "a"):
        a_project(uow, owner, name=name, published=True)
    a_project(uow, owner, name="0 draft")
    elsewhere = a_project(uow, owner, category_id=other.id, published=True)
    with uow:
        picked = uow.projects.published_by_category(3)
        assert [(p.category_id, p.name) for p in picked] == [
            (THINKING, "a"),
            (THINKING, "b"),
            (THINKING, "c"),
            (other.id, elsewhere.name),
        ]


def test_featured_projects_are_published_ones(uow):
    owner = a_user(uow)
    shown = a_project(uow, owner, featured=True, published=True)
    a_project(uow, owner, featured=True)
    a_project(uow, owner, published=True)
    with uow:
        assert [p.id for p in uow.projects.featured(10)] == [shown.id]


def test_the_most_active_projects_count_distinct_volunteers_of_every_kind(uow):
    owner, users = a_user(uow), [a_user(uow), a_user(uow)]
    busy, quiet, draft = (
        a_project(uow, owner, published=True),
        a_project(uow, owner, published=True),
        a_project(uow, owner),
    )
    a_project(uow, owner, published=True)  # nobody answered it
    for n, user in enumerate(users):
        for task in (a_task(uow, busy), a_task(uow, busy)):
            a_task_run(uow, task, user)
        a_task_run(uow, a_task(uow, draft), user)
        a_task_run(uow, a_task(uow, busy), user_ip=f"10.0.0.{n}")
    a_task_run(uow, a_task(uow, busy), external_uid="app-user", user_ip=None)
    a_task_run(uow, a_task(uow, quiet), users[0])
    with uow:
        assert [p.id for p in uow.projects.most_active(10)] == [busy.id, quiet.id]
        assert [p.id for p in uow.projects.most_active(1)] == [busy.id]
        assert uow.stats.project_stats([busy.id])[busy.id].n_volunteers == 5
