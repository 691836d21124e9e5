"""Importing a PYBOSSA site, over an in-memory source and target: what is kept, what is
skipped and why, and that nothing is kept unless all of it went in."""

from datetime import datetime
from typing import Any

import pytest

from pybossa_core import errors
from pybossa_core.site_import import ANONYMOUS_PREFIX, KINDS
from pybossa_core.use_cases.site_import import import_pybossa_site

from .fakes import FakeFileStorage, FakePybossaSource, FakeSiteImportTarget, SequentialKeys

NOW = datetime(2026, 12, 5, 12, 0, 0)


def a_site(**changes) -> dict[str, list[dict[str, Any]]]:
    site = {
        "user": [
            {
                "id": 3,
                "name": "alice",
                "email_addr": "a@example.org",
                "api_key": "k-a",
                "passwd_hash": "pbkdf2:sha256:1$s$h",
                "created": "2019-01-02T03:04:05.000006",
                "info": {
                    "avatar": "a.png",
                    "container": "user_3",
                    "twitter_token": {"oauth_token": "secret"},
                },
            },
            {
                "id": 8,
                "name": "Alice",
                "email_addr": "b@example.org",
                "api_key": "k-b",
                "fullname": None,
            },
        ],
        "category": [{"id": 2, "name": "Birds", "short_name": "birds", "description": ""}],
        "project": [
            {
                "id": 5,
                "name": "P",
                "short_name": "p",
                "description": "d",
                "owner_id": 3,
                "category_id": 2,
                "secret_key": "s",
                "published": True,
                "owners_ids": [3, 8],
                "info": {"sched": "depth_first"},
            }
        ],
        "task": [
            {
                "id": 10,
                "project_id": 5,
                "n_answers": 1,
                "state": "ongoing",
                "info": {},
                "fav_user_ids": [3, 99, 3],
            },
            {
                "id": 11,
                "project_id": 5,
                "n_answers": 2,
                "state": "completed",
                "priority_0": 7.5,
                "info": {"big": "x" * 10},
            },
            {"id": 12, "project_id": 5, "n_answers": None, "created": "not a time"},
        ],
        "task_run": [
            {"id": 100, "project_id": 5, "task_id": 10, "user_id": 3},
            {"id": 101, "project_id": 5, "task_id": 10, "user_id": 3},
            {"id": 102, "project_id": 5, "task_id": 11, "user_ip": "203.0.113.9"},
            {"id": 103, "project_id": 5, "task_id": 12, "user_id": 8},
        ],
        "result": [{"id": 50, "project_id": 5, "task_id": 12, "task_run_ids": [103]}],
        "helpingmaterial": [],
        "announcement": [{"id": 4, "user_id": 3, "title": "A", "body": "B", "published": True}],
        "blogpost": [
            {"id": 1, "project_id": 5, "user_id": 3, "title": "T", "body": "B", "published": True},
            {"id": 2, "project_id": 5, "user_id": 8, "title": "T", "body": "B", "published": False},
        ],
        "pages": [{"id": 6, "project_id": 5, "slug": "about", "info": {"title": "About"}}],
        "counter": [{"id": 1}],
    }
    return {**site, **changes}


def imported(site=None, target=None, **kw):
    target = target or FakeSiteImportTarget()
    kw.setdefault("keys", SequentialKeys())
    report = import_pybossa_site(FakePybossaSource(site or a_site()), target, now=NOW, **kw)
    return report, target.committed


def test_rows_keep_their_ids_and_the_report_counts_every_kind():
    report, stored = imported()
    assert [u["id"] for u in stored["user"]] == [3, 8]
    assert [p["id"] for p in stored["project"]] == [5]
    assert [t["id"] for t in stored["task"]] == [10, 11]
    kinds = report.as_dict()["kinds"]
    assert kinds["task"] == {
        "source_rows": 3,
        "imported": 2,
        "skipped": {"unreadable time 'not a time'": 1},
        "notes": {
            "n_answers missing or below 1: 30": 1,
            "priority_0 outside 0–1: brought to the nearest bound": 1,
        },
    }
    assert report.as_dict()["left_behind"]["counter"]["rows"] == 1
    assert set(report.left_behind) == {"counter"}


def test_announcements_blog_posts_pages_and_favourites_come_over():
    report, stored = imported()
    assert [(a["id"], a["user_id"], a["published"]) for a in stored["announcement"]] == [
        (4, 3, True)
    ]
    assert [(p["id"], p["user_id"], p["published"]) for p in stored["blogpost"]] == [
        (1, 3, True),
        (2, 8, False),
    ]
    assert [(p["slug"], p["info"]) for p in stored["pages"]] == [("about", {"title": "About"})]
    assert [(f["user_id"], f["task_id"], f["created"]) for f in stored["favorite"]] == [
        (3, 10, NOW)
    ]
    assert next(t for t in stored["task"] if t["id"] == 10)["fav_user_ids"] == [3]
    assert report.as_dict()["kinds"]["favorite"] == {
        "source_rows": 2,
        "imported": 1,
        "skipped": {"its user was not imported": 1},
        "notes": {},
    }


def test_rows_referring_to_a_skipped_row_are_skipped_with_that_reason():
    report, stored = imported()
    assert [r["id"] for r in stored["task_run"]] == [100, 102]
    assert report.kinds["task_run"].skipped["its task (task_id 12) was not imported"] == 1
    assert report.kinds["result"].skipped["its task (task_id 12) was not imported"] == 1


def test_a_second_answer_by_the_same_volunteer_to_a_task_is_skipped():
    report, _ = imported()
    assert (
        report.kinds["task_run"].skipped["a second answer by the same volunteer to the same task"]
        == 1
    )


def test_counts_and_states_follow_the_imported_runs_and_completed_tasks_get_a_result():
    report, stored = imported()
    tasks = {t["id"]: t for t in stored["task"]}
    assert (tasks[10]["n_task_runs"], tasks[10]["state"]) == (1, "completed")
    assert (tasks[11]["n_task_runs"], tasks[11]["state"]) == (1, "ongoing")  # said completed
    [made] = stored["result"]
    assert (made["task_id"], made["task_run_ids"], made["last_version"]) == (10, [100], True)
    assert (
        report.kinds["result"].notes["completed task without a result: one made from its runs"] == 1
    )


def test_an_anonymous_volunteer_keeps_an_identity_no_new_volunteer_can_have():
    _, stored = imported()
    anonymous = next(r for r in stored["task_run"] if r["id"] == 102)
    assert anonymous["user_ip"] == ANONYMOUS_PREFIX + "203.0.113.9"
    assert not anonymous["user_ip"].startswith("anon-")


def test_users_keep_their_key_and_hash_lose_oauth_tokens_and_names_differ_by_more_than_case():
    report, stored = imported()
    alice, other = stored["user"]
    assert (alice["api_key"], alice["passwd_hash"]) == ("k-a", "pbkdf2:sha256:1$s$h")
    assert alice["info"] == {}  # no uploads folder given: the avatar could not come along
    assert report.kinds["user"].notes["avatar not copied: no --uploads folder given"] == 1
    assert alice["created"] == datetime(2019, 1, 2, 3, 4, 5, 6)
    assert (other["name"], other["fullname"]) == ("Alice_8", "Alice")
    notes = report.kinds["user"].notes
    assert notes["name equal to another's but for case: renamed name_<id>"] == 1
    assert notes["info keys other than the avatar dropped (OAuth tokens ...)"] == 1


def test_a_database_that_already_holds_users_is_refused_and_left_alone():
    holding = {kind: [] for kind in KINDS}
    holding["user"] = [{"id": 1, "name": "here"}]
    target = FakeSiteImportTarget(holding)
    with pytest.raises(errors.Conflict):
        imported(target=target)
    assert target.committed["user"] == [{"id": 1, "name": "here"}]


def test_a_dry_run_reports_everything_and_keeps_nothing():
    report, stored = imported(dry_run=True)
    assert report.dry_run and report.kinds["user"].imported == 2
    assert all(rows == [] for rows in stored.values())


def test_a_failure_half_way_keeps_nothing():
    class Failing(FakeSiteImportTarget):
        def insert(self, kind, rows):
            if kind == "task_run":
                raise RuntimeError("disk full")
            super().insert(kind, rows)

    target = Failing()
    with pytest.raises(RuntimeError):
        imported(target=target)
    assert all(rows == [] for rows in target.committed.values())


def test_an_older_pybossa_without_some_tables_and_columns_imports_with_defaults():
    site = a_site()
    del site["helpingmaterial"], site["blogpost"]
    report, stored = imported(site)
    project = stored["project"][0]
    assert project["zip_download"] is True and project["allow_anonymous_contributors"] is True
    assert report.kinds["helpingmaterial"].source_rows == 0
    assert "blogpost" not in report.left_behind


def test_a_user_without_an_api_key_and_a_project_without_a_secret_get_new_ones():
    site = a_site()
    site["user"][0]["api_key"], site["project"][0]["secret_key"] = None, ""
    report, stored = imported(site, keys=SequentialKeys())
    assert stored["user"][0]["api_key"] == "00000000-0000-4000-8000-000000000001"
    assert stored["project"][0]["secret_key"] == "00000000-0000-4000-8000-000000000002"
    assert report.kinds["user"].notes["no api key: a new one made"] == 1


def test_a_password_protected_project_comes_over_as_a_draft_without_its_hash():
    site = a_site()
    project = site["project"][0]
    project["published"] = True
    project["info"] = {**(project.get("info") or {}), "passwd_hash": "pbkdf2:sha256:1$s$h"}
    report, stored = imported(site)
    kept = stored["project"][0]
    assert "passwd_hash" not in kept["info"] and kept["published"] is False
    notes = report.kinds["project"].notes
    assert notes["password-protected: the password left behind, imported as a draft"] == 1


def uploads_with(*files: tuple[str, str]) -> FakeFileStorage:
    uploads = FakeFileStorage()
    for container, name in files:
        uploads.save(container, name, f"{container}/{name}".encode())
    return uploads


def a_site_with_materials() -> dict:
    materials = [
        {
            "id": 4,
            "project_id": 5,
            "media_url": "https://old.example.org/uploads/user_3/h.png",
            "info": {"file_name": "h.png", "container": "user_3"},
        },
        {"id": 6, "project_id": 5, "media_url": "/uploads/user_3/gone.png", "info": {}},
        {"id": 7, "project_id": 5, "media_url": "https://cdn.example.org/video.mp4"},
    ]
    return a_site(helpingmaterial=materials)


def test_avatars_and_material_files_are_copied_and_the_server_records_where():
    uploads, storage = uploads_with(("user_3", "a.png"), ("user_3", "h.png")), FakeFileStorage()
    report, stored = imported(a_site_with_materials(), uploads=uploads, storage=storage)
    alice = stored["user"][0]
    assert alice["info"] == {
        "avatar": "a.png",
        "container": "user_3",
        "avatar_url": "/uploads/user_3/a.png",
    }
    copied, missing, external = stored["helpingmaterial"]
    container, name = copied["stored_file"].split("/")
    assert (container, name) == ("project_5", "000100010001_h.png")
    assert copied["media_url"] == f"/uploads/project_5/{name}"
    assert storage.open("project_5", name) == b"user_3/h.png"
    assert missing["media_url"] is None and missing["stored_file"] is None
    assert external["media_url"] == "https://cdn.example.org/video.mp4"
    assert (
        report.kinds["helpingmaterial"].notes[
            "helping material file missing from the uploads folder"
        ]
        == 1
    )


def test_files_copied_by_an_import_that_fails_are_removed_again():
    class Failing(FakeSiteImportTarget):
        def count_runs(self, standings_by_state):
            raise RuntimeError("connection lost")

    uploads, storage = uploads_with(("user_3", "a.png"), ("user_3", "h.png")), FakeFileStorage()
    with pytest.raises(RuntimeError):
        imported(a_site_with_materials(), target=Failing(), uploads=uploads, storage=storage)
    assert storage.files == {}


def test_a_dry_run_finds_the_files_and_writes_none():
    uploads, storage = uploads_with(("user_3", "a.png"), ("user_3", "h.png")), FakeFileStorage()
    report, _ = imported(a_site_with_materials(), uploads=uploads, storage=storage, dry_run=True)
    assert storage.files == {}
    assert (
        report.kinds["helpingmaterial"].notes[
            "helping material file missing from the uploads folder"
        ]
        == 1
    )


def test_co_owners_that_are_imported_users_are_carried_over_once():
    site = a_site()
    site["project"][0]["owners_ids"] = [3, 8, 8, 99, "x"]
    report, stored = imported(site)
    assert [(r["project_id"], r["user_id"]) for r in stored["project_coowner"]] == [(5, 8)]
    assert "coowner_ids" not in stored["project"][0]
    assert report.kinds["project"].notes == {
        "co-owners carried over": 1,
        "co-owners who are no imported user left out": 1,
    }
