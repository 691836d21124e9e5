"""The describers of PYBOSSA's account views (/account/...), which openapi_views takes in: each
names its query parameters and its form's fields; the answers are PYBOSSA's pages and flashes
(docs/web-views.md lists their keys)."""

from collections.abc import Callable

from apispec import APISpec

from entrypoints.openapi_operations import BOOLEAN, JSON, STRING, _query
from entrypoints.resources import account_forms, account_pages, account_update

URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
PAGE = {"type": "object", "description": "the page: its `template`, `title` and keys, its `form`"}
FLASHED = {
    "type": "object",
    "description": "`status`, a `flash` message and the page to go `next` to",
    "properties": {"flash": STRING, "next": STRING, "status": STRING},
}
KEY = _query("key", STRING, "the signed key of the mailed link", required=True)
SUBSCRIBE = _query("subscribe", BOOLEAN, "true subscribes the signed-in user")
AVATAR = {
    "type": "object",
    "properties": {
        "avatar": {"type": "string", "format": "binary"},
        "btn": {"type": "string", "enum": ["Upload"]},
        **dict.fromkeys(account_update.BOX_FIELDS, {"type": "integer", "format": "int32"}),
    },
}


def _fields(names: tuple[str, ...]) -> dict:
    return {
        "type": "object",
        "properties": {
            n: BOOLEAN if n in ("consent", "privacy_mode", "subscribed") else STRING for n in names
        },
    }


def _view(summary: str, fields: tuple[str, ...] = (), query: tuple[dict, ...] = ()) -> Callable:
    """An account view: GET (or HEAD) its page, POST its form's `fields`."""

    def describer(spec: APISpec, resource: object, method: str) -> dict:
        answer = PAGE if method in ("GET", "HEAD") else {"anyOf": [FLASHED, PAGE]}
        response = {"description": "OK"}
        if method != "HEAD":
            response["content"] = {JSON: {"schema": answer}}
        operation = {"summary": summary, "responses": {"200": response}}
        if query:
            operation["parameters"] = list(query)
        if fields and method == "POST":
            body = _fields(fields)
            content = {JSON: {"schema": body}, URLENCODED: {"schema": body}}
            if isinstance(resource, account_update.UpdateAccount):
                content[MULTIPART] = {"schema": AVATAR}
            operation["requestBody"] = {"required": False, "content": content}
        return operation

    return describer


def _archive(spec: APISpec, resource: object, method: str) -> dict:
    archive = {"application/zip": {"schema": {"type": "string", "format": "binary"}}}
    return {
        "summary": "The user's GDPR archive (themself or an admin)",
        "responses": {"200": {"description": "OK", "content": archive}},
    }


UPDATE_FIELDS = ("btn", *account_update.PROFILE_FIELDS, *account_update.PASSWORD_FIELDS)
ACCOUNT_VIEW_DESCRIBERS: list[tuple[type, Callable[[APISpec, object, str], dict]]] = [
    (account_forms.Register, _view("Sign up", account_forms.REGISTER_FIELDS)),
    (
        account_forms.RegisterConfirmation,
        _view("The mailed link creates the account", query=(KEY,)),
    ),
    (account_forms.SignIn, _view("Sign in with e-mail and password", account_forms.SIGNIN_FIELDS)),
    (account_forms.SignOut, _view("Sign out")),
    (account_forms.ForgotPassword, _view("Mail a password reset link", ("email_addr",))),
    (
        account_forms.ResetPassword,
        _view("Set a new password with the mailed key", account_forms.PASSWORD_FIELDS, (KEY,)),
    ),
    (
        account_forms.ConfirmEmail,
        _view(
            "Mail an e-mail confirmation link; ?key= confirms the address",
            query=(_query("key", STRING, "the mailed link's key"),),
        ),
    ),
    (account_pages.OwnProfile, _view("The signed-in user's profile, or where to sign in")),
    (account_pages.Newsletter, _view("The newsletter page", query=(SUBSCRIBE,))),
    (account_pages.Community, _view("Accounts by name, with the top contributors")),
    (account_pages.Profile, _view("The user's profile (their own view, or the public one)")),
    (account_pages.Projects, _view("The user's drafts and published projects")),
    (
        account_update.UpdateAccount,
        _view("Change the profile, the password (btn) or the avatar", UPDATE_FIELDS),
    ),
    (account_pages.ResetApiKey, _view("Give the user a new api key")),
    (account_pages.DeleteAccount, _view("Delete the account and its projects (queued)")),
    (account_pages.ExportAccount, _view("Queue the GDPR export; the link arrives by e-mail")),
    (account_pages.SignOutEverywhere, _view("End every session of the user")),
    (account_pages.ExportDownload, _archive),
]
