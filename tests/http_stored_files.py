"""Uploaded files belong to the object that stored them: only it deletes them, and deleting a
helping material, a project or an account removes its files (they are no longer served).

Shared like http_contract: `from http_stored_files import *` where an `api` fixture exists
(whose services run jobs inline).
"""

import io
import re

from PIL import Image

from http_accounts import _multipart, _register
from http_contract import assert_error

BOUNDARY = "St0redF1les"


def upload(api, project_id: int, key: str, filename="bird.png", data=b"PNGDATA") -> dict:
    """A helping material created with a multipart upload."""
    body = (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="project_id"\r\n\r\n'
            f'{project_id}\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{filename}"\r\nContent-Type: image/png\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    resp = api.client.simulate_post(
        "/api/helpingmaterial",
        params={"api_key": key},
        body=body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert resp.status_code == 200, resp.json
    return resp.json


def served(api, path: str) -> int:
    return api.client.simulate_get(path).status_code


def test_a_material_naming_another_projects_file_does_not_delete_it(api):
    theirs = api.project("theirs", key=api.other_key)
    file = upload(api, theirs["id"], api.other_key)
    mine = api.project("mine")
    decoy = api.call(
        "POST",
        "/api/helpingmaterial",
        api.owner_key,
        {
            "project_id": mine["id"],
            "info": {
                "container": f"project_{theirs['id']}",
                "file_name": file["info"]["file_name"],
            },
        },
    ).json
    assert (
        api.call("DELETE", f"/api/helpingmaterial/{decoy['id']}", api.owner_key).status_code == 204
    )
    assert served(api, file["media_url"]) == 200


def test_info_changed_to_name_another_file_deletes_only_the_materials_own(api):
    theirs = api.project("theirs", key=api.other_key)
    their_file = upload(api, theirs["id"], api.other_key)
    mine = api.project("mine")
    my_file = upload(api, mine["id"], api.owner_key, "notes.txt", b"notes")
    path = f"/api/helpingmaterial/{my_file['id']}"
    renamed = {"container": f"project_{theirs['id']}", "file_name": their_file["info"]["file_name"]}
    assert api.call("PUT", path, api.owner_key, {"info": renamed}).status_code == 200
    assert api.call("DELETE", path, api.owner_key).status_code == 204
    assert served(api, their_file["media_url"]) == 200
    assert served(api, my_file["media_url"]) == 404


def test_deleting_an_uploaded_material_stops_serving_its_file(api):
    project = api.project()
    material = upload(api, project["id"], api.owner_key)
    kept = upload(api, project["id"], api.owner_key, "kept.png", b"KEPT")
    assert (
        api.call("DELETE", f"/api/helpingmaterial/{material['id']}", api.owner_key).status_code
        == 204
    )
    assert served(api, material["media_url"]) == 404
    assert served(api, kept["media_url"]) == 200


def test_where_a_file_is_stored_is_neither_shown_nor_writable(api):
    project = api.project()
    material = upload(api, project["id"], api.owner_key)
    assert "stored_file" not in material
    assert "stored_file" not in api.call("GET", f"/api/helpingmaterial/{material['id']}").json
    other = api.project("other", key=api.other_key)
    other_file = upload(api, other["id"], api.other_key)
    stolen = other_file["media_url"].removeprefix("/uploads/")
    created = api.call(
        "POST",
        "/api/helpingmaterial",
        api.owner_key,
        {"project_id": project["id"], "stored_file": stolen},
    )
    assert 400 <= created.status_code < 500 and created.json["status"] == "failed"
    changed = api.call(
        "PUT", f"/api/helpingmaterial/{material['id']}", api.owner_key, {"stored_file": stolen}
    )
    assert 400 <= changed.status_code < 500 and changed.json["status"] == "failed"
    assert (
        api.call("DELETE", f"/api/helpingmaterial/{material['id']}", api.owner_key).status_code
        == 204
    )
    assert served(api, other_file["media_url"]) == 200


def test_deleting_a_project_stops_serving_its_files_and_no_one_elses(api):
    project = api.project()
    files = [upload(api, project["id"], api.owner_key, f"f{n}.png") for n in range(2)]
    other = api.project("other", key=api.other_key)
    other_file = upload(api, other["id"], api.other_key)
    assert api.call("DELETE", f"/api/project/{project['id']}", api.owner_key).status_code == 204
    assert [served(api, file["media_url"]) for file in files] == [404, 404]
    assert api.services.storage.names(f"project_{project['id']}") == []
    assert served(api, other_file["media_url"]) == 200


def test_a_refused_project_delete_keeps_its_files(api):
    project = api.project()
    file = upload(api, project["id"], api.owner_key)
    assert_error(
        api.call("DELETE", f"/api/project/{project['id']}", api.other_key),
        403,
        "Forbidden",
        "project",
    )
    assert served(api, file["media_url"]) == 200


def test_deleting_an_account_stops_serving_its_avatar_files_and_exports(api):
    browser = _register(api)
    key = browser.get("/account/profile").json["user"]["api_key"]
    user_id = browser.get("/account/profile").json["user"]["id"]
    avatar = _upload_avatar(browser)
    project = api.project("danas", key=key)
    file = upload(api, project["id"], key)
    browser.get("/account/dana/export")
    assert _exports_of(api, user_id)
    other = api.project("other", key=api.other_key)
    other_file = upload(api, other["id"], api.other_key)
    browser.get("/account/dana/delete")
    assert browser.post("/account/dana/delete").json["job"] == "enqueued"
    assert served(api, avatar) == 404 and served(api, file["media_url"]) == 404
    assert _exports_of(api, user_id) == []
    assert served(api, other_file["media_url"]) == 200


def _upload_avatar(browser) -> str:
    browser.get("/account/dana/update")
    picture = io.BytesIO()
    Image.new("RGB", (60, 60), "blue").save(picture, "PNG")
    body, content_type = _multipart(
        {"btn": "Upload", "x1": 0, "y1": 0, "x2": 50, "y2": 50}, "me.png", picture.getvalue()
    )
    browser.post("/account/dana/update", body=body, content_type=content_type)
    url = browser.get("/account/profile").json["user"]["info"]["avatar_url"]
    assert served(browser.api, url) == 200
    return url


def _exports_of(api, user_id: int) -> list[str]:
    return [
        name
        for name in api.services.storage.names("private_exports")
        if re.fullmatch(rf"user_{user_id}_[0-9a-f]{{16}}\.zip", name)
    ]
