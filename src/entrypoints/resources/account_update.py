"""GET/POST /account/{name}/update: the profile, password and avatar forms, chosen by `btn`."""

import falcon

from entrypoints.errors import BadBody
from entrypoints.resources.account_forms import AccountPorts, AccountResource
from entrypoints.schemas.forms import form, read_form
from pybossa_core.ports import CropBox
from pybossa_core.use_cases import accounts, profiles
from pybossa_core.use_cases.forms import Refused
from pybossa_core.users import ChangeProfile, User

PROFILE_FIELDS = ("name", "fullname", "email_addr", "locale", "privacy_mode", "subscribed")
PASSWORD_FIELDS = ("current_password", "new_password", "confirm")
BOX_FIELDS = ("x1", "y1", "x2", "y2")
FLAGS = ("privacy_mode", "subscribed")
TRUE = frozenset({"true", "1", "on", "y", "yes"})


class UpdateAccount(AccountResource):
    """The button a form is sent with (`btn`) names the form; a multipart body is the Upload
    form, whose file part cannot travel in the others."""

    def __init__(self, ports: AccountPorts) -> None:
        super().__init__(ports)
        self.forms = {"Profile": self.update_profile, "Password": self.change_password}

    def on_get(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        user = profiles.ensure_can_manage(req.context.uow, req.context.actor, name)
        resp.media = self.page(req, user)

    def on_post(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        if (req.content_type or "").startswith(falcon.MEDIA_MULTIPART):
            return self.upload(req, resp, name)
        values = read_form(
            req, self.ports.max_body_bytes, ("btn", *PROFILE_FIELDS, *PASSWORD_FIELDS)
        )
        submit = self.forms.get(values["btn"])
        if submit is None:
            raise BadBody(
                400,
                "BadRequest",
                "btn must be Profile, Upload or Password (no "
                "external services are configured on this server)",
            )
        return submit(req, resp, name, values)

    def update_profile(
        self, req: falcon.Request, resp: falcon.Response, name: str, values: dict
    ) -> None:
        outcome = accounts.update_profile(
            req.context.uow,
            req.context.actor,
            name,
            _profile_changes(values),
            now=self.ports.clock(),
            reserved_names=self.ports.reserved_names,
        )
        self.answer(req, resp, name, outcome, "form", values)

    def change_password(
        self, req: falcon.Request, resp: falcon.Response, name: str, values: dict
    ) -> None:
        outcome = accounts.change_password(
            req.context.uow,
            req.context.actor,
            name,
            *(values[k] for k in PASSWORD_FIELDS),
            hasher=self.ports.hasher,
        )
        if isinstance(outcome, User):  # the new password ends other sessions, not this one
            self.sign_in(req, outcome)
        self.answer(req, resp, name, outcome, "password_form", values)

    def upload(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        fields, data = self.read_upload(req)
        outcome = accounts.update_avatar(
            req.context.uow,
            req.context.actor,
            name,
            data,
            _box(fields),
            images=self.ports.images,
            storage=self.ports.storage,
            keys=self.ports.keys,
        )
        self.answer(req, resp, name, outcome, "upload_form", fields)

    def answer(self, req, resp, name, outcome: User | Refused, which: str, values: dict) -> None:
        """On to the updated profile, or the page again with the refused form's problems."""
        if isinstance(outcome, User):
            resp.media = {
                "flash": "Your profile has been updated!",
                "status": "success",
                "next": f"/account/{outcome.name}/update",
            }
            return
        current = profiles.ensure_can_manage(req.context.uow, req.context.actor, name)
        page = self.page(req, current)
        page[which] = form(
            {k: v for k, v in values.items() if k in page[which]},
            req.context.session.form_token(),
            outcome.problems,
        )
        resp.media = {**page, "flash": "Please correct the errors", "status": "error"}

    def page(self, req: falcon.Request, user) -> dict:
        csrf = req.context.session.form_token()
        profile = {k: getattr(user, k) for k in PROFILE_FIELDS}
        return {
            "flash": None,
            "form": form({**profile, "id": user.id}, csrf),
            "password_form": form(dict.fromkeys(PASSWORD_FIELDS), csrf),
            "show_passwd_form": True,
            "template": "/account/update.html",
            "title": f"Update your profile: {user.fullname}",
            "upload_form": form(
                {"avatar": None, "id": user.id, **dict.fromkeys(BOX_FIELDS, 0)}, csrf
            ),
        }

    def read_upload(self, req: falcon.Request) -> tuple[dict, bytes]:
        """The avatar file (up to a byte more than the image processor takes, which refuses
        it then) and the crop fields of a multipart form."""
        fields, data = {}, None
        for part in req.get_media():
            if part.name == "avatar" and part.filename is not None:
                data = part.stream.read(self.ports.images.max_bytes + 1)
            else:
                fields[part.name] = part.get_text() or ""
        if fields.get("btn", "Upload") != "Upload":
            raise BadBody(400, "BadRequest", "A multipart form is the Upload form (btn=Upload)")
        if data is None:
            raise BadBody(400, "BadRequest", "Send the image as the `avatar` file part")
        return fields, data


def _profile_changes(values: dict) -> ChangeProfile:
    """The profile fields sent (an empty one is left as it is), flags as booleans."""
    return ChangeProfile(
        **{
            k: _flag(values[k]) if k in FLAGS else values[k]
            for k in PROFILE_FIELDS
            if values[k] != ""
        }
    )


def _flag(value) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in TRUE


def _box(fields: dict) -> CropBox | None:
    """x1, y1 are the offsets of the crop; x2, y2 its width and height (all zero: no crop)."""
    try:
        numbers = [int(float(fields.get(k) or 0)) for k in BOX_FIELDS]
    except (ValueError, OverflowError):  # OverflowError: int(float("inf"))
        raise BadBody(400, "BadRequest", "x1, y1, x2 and y2 must be numbers") from None
    return None if not any(numbers) else CropBox(*numbers)
