"""A project's co-owners, handing it over, its audit log and its webhook view.

Shared like http_project_pages: `from http_coowners import *` where an `api` fixture exists.
"""

from http_accounts import Browser, _register
from http_contract import assert_view_error
from pybossa_core.webhooks import DELIVERED, FAILED, WebhookDelivery

PAGE_KEYS = {
    "project",
    "owner",
    "n_tasks",
    "n_task_runs",
    "n_completed_tasks",
    "n_volunteers",
    "overall_progress",
    "last_activity",
    "pro_features",
    "template",
    "title",
}
PRIVATE_USER_KEYS = {"email_addr", "api_key", "passwd_hash"}


def _user_id(api, name: str) -> int:
    return api.call("GET", "/api/user", api.admin_key, name=name).json[0]["id"]


def _shared(api, short_name="shared") -> dict:
    project = api.project(short_name)
    added = api.call("POST", f"/project/{short_name}/add_coowner/other", api.owner_key)
    assert added.status_code == 200, added.text
    assert added.json == {
        "flash": "User was added to the list of owners",
        "next": f"/project/{short_name}/coowners",
        "status": "success",
    }
    return project


def test_a_coowner_manages_the_project_as_its_owner_does(api):
    project = _shared(api)
    path = f"/api/project/{project['id']}"
    mine = api.call("GET", path, api.other_key).json
    assert mine["owners_ids"] == [_user_id(api, "owner"), _user_id(api, "other")]
    assert mine["secret_key"] == project["secret_key"]
    changed = api.call("PUT", path, api.other_key, {"description": "by the co-owner"})
    assert changed.status_code == 200 and changed.json["description"] == "by the co-owner"
    assert api.task(project["id"], api.other_key)["project_id"] == project["id"]
    assert api.call("GET", "/project/shared/", api.other_key).status_code == 200
    listed = api.call("GET", "/api/project", api.other_key).json
    assert [p["id"] for p in listed] == [project["id"]]
    assert api.call("GET", f"{path}/webhooks", api.other_key).json == []
    again = api.call("POST", "/project/shared/add_coowner/other", api.owner_key)
    assert again.json["status"] == "warning"
    assert api.call("GET", path, api.owner_key).json["owners_ids"] == mine["owners_ids"]


def test_only_the_owner_or_an_admin_adds_and_removes_coowners(api):
    project = _shared(api)
    path = f"/api/project/{project['id']}"
    assert_view_error(api.call("POST", "/project/shared/add_coowner/admin", api.other_key), 403)
    assert_view_error(api.call("POST", "/project/shared/del_coowner/owner", api.other_key), 403)
    assert_view_error(api.call("POST", "/project/shared/del_coowner/owner", api.owner_key), 403)
    # Anonymous: refused (its missing CSRF token is checked first, as PYBOSSA does).
    assert api.call("POST", "/project/shared/add_coowner/admin").status_code in (400, 401)
    assert_view_error(api.call("POST", "/project/shared/add_coowner/nobody", api.owner_key), 404)
    assert_view_error(api.call("POST", "/project/nothing/add_coowner/other", api.owner_key), 404)
    assert len(api.call("GET", path, api.owner_key).json["owners_ids"]) == 2
    removed = api.call("POST", "/project/shared/del_coowner/other", api.admin_key)
    assert removed.json["status"] == "success"
    assert api.call("GET", path, api.owner_key).json["owners_ids"] == [_user_id(api, "owner")]
    assert api.call("PUT", path, api.other_key, {"description": "x"}).status_code == 403
    assert "secret_key" not in api.call("GET", path, api.other_key).json
    not_one = api.call("POST", "/project/shared/del_coowner/other", api.owner_key)
    assert not_one.json["status"] == "warning"


def test_a_coowner_sees_the_gold_answers_until_removed(api):
    project = _shared(api)
    gold = {"animal": "cat"}
    api.task(project["id"], calibration=1, gold_answers=gold, n_answers=1)
    listed = api.call("GET", "/api/task", api.other_key, project_id=project["id"], all=1).json
    assert [task["gold_answers"] for task in listed] == [gold]
    api.call("POST", "/project/shared/del_coowner/other", api.owner_key)
    listed = api.call("GET", "/api/task", api.other_key, project_id=project["id"], all=1).json
    assert len(listed) == 1 and "gold_answers" not in listed[0]


def test_a_draft_is_listed_to_its_coowners_and_hidden_from_others(api):
    project = _shared(api)
    assert api.call("GET", "/api/project", api.other_key, all=1).json[0]["id"] == project["id"]
    assert api.call("GET", "/api/project", api.admin_key, all=1).status_code == 200
    assert api.call("GET", "/api/project", all=1).json == []
    api.call("POST", "/project/shared/del_coowner/other", api.owner_key)
    assert api.call("GET", "/api/project", api.other_key, all=1).json == []
    assert_view_error(api.call("GET", "/project/shared/", api.other_key), 403)


def test_a_coowner_who_deletes_their_account_leaves_the_project_to_its_owner(api):
    project = api.project("shared")
    browser = _register(api)
    api.call("POST", "/project/shared/add_coowner/dana", api.owner_key)
    path = f"/api/project/{project['id']}"
    assert len(api.call("GET", path, api.owner_key).json["owners_ids"]) == 2
    browser.get("/account/dana/delete")
    assert browser.post("/account/dana/delete").json["job"] == "enqueued"
    assert api.call("GET", path, api.owner_key).json["owners_ids"] == [_user_id(api, "owner")]


def test_owners_ids_is_the_servers_to_set(api):
    project = _shared(api)
    path = f"/api/project/{project['id']}"
    owners = api.call("GET", path, api.owner_key).json["owners_ids"]
    refused = api.call("PUT", path, api.owner_key, {"owners_ids": [owners[0]]})
    assert refused.status_code in (400, 415) and refused.json["status"] == "failed"
    echoed = api.call("PUT", path, api.owner_key, {"owners_ids": owners, "description": "d"})
    assert echoed.status_code == 200 and echoed.json["owners_ids"] == owners


def test_the_coowners_page_lists_public_profiles_and_searches_users_by_name(api):
    _shared(api)
    page = api.call("GET", "/project/shared/coowners", api.owner_key)
    assert page.status_code == 200, page.text
    assert set(page.json) >= {"coowners", "form", "pro_features", "project", "template", "title"}
    assert "found" not in page.json
    assert set(page.json["form"]) >= {"csrf", "errors", "user"}
    assert [u["name"] for u in page.json["coowners"]] == ["owner", "other"]
    assert not any(PRIVATE_USER_KEYS & set(u) for u in page.json["coowners"])
    assert page.json["pro_features"]["auditlog_enabled"] is True
    found = api.call("POST", "/project/shared/coowners", api.owner_key, {"user": "ADM"})
    assert [u["name"] for u in found.json["found"]] == ["admin"]
    assert not PRIVATE_USER_KEYS & set(found.json["found"][0])
    by_address = api.call("POST", "/project/shared/coowners", api.owner_key, {"user": "example"})
    assert by_address.json["found"] == []
    assert api.call("GET", "/project/shared/coowners", api.other_key).status_code == 200
    api.call("POST", "/project/shared/del_coowner/other", api.owner_key)
    assert_view_error(api.call("GET", "/project/shared/coowners", api.other_key), 403)
    assert_view_error(api.call("GET", "/project/shared/coowners"), 401)


def test_a_signed_in_owner_adds_a_coowner_with_the_forms_csrf_token(api):
    api.project("shared")
    browser = Browser(api)
    browser.get("/account/signin")
    signed_in = browser.post(
        "/account/signin", {"email": "owner@example.com", "password": "password-1"}
    )
    assert signed_in.json["status"] == "success", signed_in.text
    assert browser.get("/project/shared/coowners").status_code == 200
    refused = browser.post("/project/shared/add_coowner/other", csrf=False)
    assert refused.status_code in (400, 403)
    added = browser.post("/project/shared/add_coowner/other")
    assert added.status_code == 200 and added.json["status"] == "success"


def test_every_settings_change_is_in_the_audit_log_newest_first(api):
    project = api.project("logged")
    path = f"/api/project/{project['id']}"
    api.call("PUT", path, api.owner_key, {"description": "new", "info": {"task_presenter": "<p/>"}})
    api.task(project["id"])
    assert api.call("POST", "/project/logged/publish", api.owner_key).status_code == 302
    api.call("POST", "/project/logged/tasks/redundancy", api.owner_key, {"n_answers": 3})
    api.call("POST", "/project/logged/add_coowner/other", api.owner_key)
    api.call("PUT", path, api.admin_key, {"featured": True})
    log = api.call("GET", "/project/logged/auditlog", api.owner_key)
    assert log.status_code == 200, log.text
    assert set(log.json) >= {"logs", "project", "owner", "pro_features", "template", "title"}
    seen = [
        (e["attribute"], e["old_value"], e["new_value"], e["user_name"], e["caller"])
        for e in log.json["logs"]
    ]
    owner_id, other_id = _user_id(api, "owner"), _user_id(api, "other")
    assert seen == [
        ("featured", "false", "true", "admin", "api"),
        ("coowners", f"[{owner_id}]", f"[{owner_id},{other_id}]", "owner", "web"),
        ("task.n_answers", "N/A", "3", "owner", "web"),
        ("published", "false", "true", "owner", "web"),
        ("info.task_presenter", "N/A", "<p/>", "owner", "api"),
        ("description", "A project", "new", "owner", "api"),
    ]
    assert [e["action"] for e in log.json["logs"][-2:]] == ["create", "update"]
    assert {e["user_id"] for e in log.json["logs"]} == {owner_id, _user_id(api, "admin")}
    assert log.json["owner"]["name"] == "owner" and not PRIVATE_USER_KEYS & set(log.json["owner"])
    first = api.call("GET", "/project/logged/auditlog", api.owner_key, limit=1, offset=1).json
    assert [e["attribute"] for e in first["logs"]] == ["coowners"]
    assert first["pagination"]["total"] == 6


def test_unchanged_values_and_refused_changes_are_not_logged(api):
    project = api.project("quiet")
    path = f"/api/project/{project['id']}"
    api.call("PUT", path, api.owner_key, {"description": "A project"})
    api.call("PUT", path, api.owner_key, {"short_name": "not valid!"})
    assert api.call("GET", "/project/quiet/auditlog", api.owner_key).json["logs"] == []


def test_the_audit_log_is_for_the_projects_owners_and_admins(api):
    api.project("logged")
    assert api.call("GET", "/project/logged/auditlog", api.admin_key).status_code == 200
    assert_view_error(api.call("GET", "/project/logged/auditlog", api.other_key), 403)
    assert_view_error(api.call("GET", "/project/logged/auditlog"), 401)
    assert_view_error(api.call("GET", "/project/nothing/auditlog", api.owner_key), 404)
    bad = api.call("GET", "/project/logged/auditlog", api.owner_key, limit=0)
    assert bad.status_code == 400


def test_the_owner_hands_the_project_over_by_email_address(api):
    project = _shared(api)
    form = api.call("GET", "/project/shared/transferownership", api.owner_key)
    assert form.status_code == 200, form.text
    assert set(form.json) >= PAGE_KEYS | {"form", "target"}
    assert set(form.json["form"]) >= {"csrf", "email_addr", "errors"}
    unknown = api.call(
        "POST", "/project/shared/transferownership", api.owner_key, {"email_addr": "x@y.org"}
    )
    assert unknown.status_code == 200 and unknown.json["status"] == "error"
    assert unknown.json["form"]["errors"] == {"email_addr": ["User not found"]}
    assert unknown.json["form"]["email_addr"] == "x@y.org"
    assert_view_error(api.call("GET", "/project/shared/transferownership", api.other_key), 403)
    handed = api.call(
        "POST",
        "/project/shared/transferownership",
        api.owner_key,
        {"email_addr": "admin@example.com"},
    )
    assert handed.json == {
        "flash": "Project owner updated",
        "next": "/project/shared/",
        "status": "success",
    }
    now = api.call("GET", f"/api/project/{project['id']}", api.admin_key).json
    assert (now["owner_id"], now["owners_ids"]) == (
        _user_id(api, "admin"),
        [_user_id(api, "admin")],
    )
    path = f"/api/project/{project['id']}"
    for former in (api.owner_key, api.other_key):
        assert api.call("PUT", path, former, {"description": "x"}).status_code == 403
    log = api.call("GET", "/project/shared/auditlog", api.admin_key).json["logs"]
    assert [e["attribute"] for e in log[:2]] == ["coowners", "owner_id"]
    assert (log[1]["old_value"], log[1]["new_value"]) == (
        str(_user_id(api, "owner")),
        str(_user_id(api, "admin")),
    )


def _deliveries(api, project_id: int, statuses: list[str]) -> list[int]:
    with api.services.units_of_work() as uow:
        made = [
            WebhookDelivery(
                project_id=project_id,
                event="task_completed",
                payload={"n": n},
                created=api.services.clock(),
                updated=api.services.clock(),
                status=status,
            )
            for n, status in enumerate(statuses)
        ]
        for delivery in made:
            uow.webhooks.add(delivery)
        uow.commit()
    return [delivery.id for delivery in made]


def test_the_webhook_view_lists_deliveries_and_sends_failed_ones_again(api):
    project = _shared(api)
    ids = _deliveries(api, project["id"], [FAILED, DELIVERED, FAILED])
    page = api.call("GET", "/project/shared/webhook", api.other_key)
    assert page.status_code == 200, page.text
    assert set(page.json) >= {"webhooks", "project", "pro_features", "template", "title"}
    assert [w["id"] for w in page.json["webhooks"]] == ids[::-1]
    assert page.json["project"]["secret_key"] == project["secret_key"]
    listed = api.call("GET", f"/api/project/{project['id']}/webhooks", api.owner_key).json
    assert page.json["webhooks"] == listed
    again = api.call("POST", "/project/shared/webhook", api.owner_key, all="true")
    assert again.status_code == 200, again.text
    assert (again.json["n_queued"], again.json["status"]) == (2, "success")
    one = api.call("POST", f"/project/shared/webhook/{ids[1]}", api.owner_key)
    assert one.status_code == 200 and one.json["webhook"]["id"] == ids[1]
    assert one.json["status"] == "success" and one.json["next"] == "/project/shared/webhook"
    assert_view_error(
        api.call("POST", f"/project/shared/webhook/{ids[0] + 99}", api.owner_key), 404
    )
    assert_view_error(api.call("POST", "/project/shared/webhook", api.owner_key), 400)
    assert_view_error(api.call("GET", "/project/shared/webhook", api.admin_key, offset=-1), 400)
    assert_view_error(api.call("GET", "/project/shared/webhook"), 401)
    api.call("POST", "/project/shared/del_coowner/other", api.owner_key)
    assert_view_error(api.call("GET", "/project/shared/webhook", api.other_key), 403)
    assert_view_error(api.call("POST", "/project/shared/webhook", api.other_key, all="true"), 403)


def test_a_search_or_an_address_that_is_no_text_is_a_400_and_changes_nothing(api):
    project = api.project("shared")
    for path, body in (
        ("/project/shared/coowners", {"user": True}),
        ("/project/shared/transferownership", {"email_addr": True}),
    ):
        assert_view_error(api.call("POST", path, api.owner_key, body), 400)
    found = api.call("GET", f"/api/project/{project['id']}", api.owner_key).json
    assert found["owner_id"] == _user_id(api, "owner")


def test_only_the_owner_or_an_admin_deletes_the_project_a_coowner_cannot(api):
    project = _shared(api)
    path = f"/api/project/{project['id']}"
    assert_view_error(api.call("GET", "/project/shared/delete", api.other_key), 403)
    assert_view_error(api.call("POST", "/project/shared/delete", api.other_key), 403)
    refused = api.call("DELETE", path, api.other_key)
    assert refused.status_code == 403, refused.text
    assert api.call("GET", path, api.owner_key).status_code == 200
    assert api.call("GET", "/project/shared/delete", api.owner_key).status_code == 200
    assert api.call("POST", "/project/shared/delete", api.owner_key).status_code == 200
    assert api.call("GET", path, api.admin_key).status_code == 404


def test_the_owners_forms_refuse_a_field_they_do_not_have(api):
    project = api.project("shared")
    for path, body in (
        ("/project/shared/coowners", {"user": "adm", "email_addr": "admin@example.com"}),
        ("/project/shared/transferownership", {"email_addr": "other@example.com", "user": "x"}),
    ):
        assert_view_error(api.call("POST", path, api.owner_key, body), 415)
    found = api.call("GET", f"/api/project/{project['id']}", api.owner_key).json
    assert found["owner_id"] == _user_id(api, "owner")
