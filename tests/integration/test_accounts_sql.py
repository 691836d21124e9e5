"""Account queries on a real database: contributors with scores and ranks, a user's projects
and runs, and the confirmation flag (with its migration)."""

import pytest
from alembic import command
from sqlalchemy import inspect, text

from adapters.sql import database, migrations

from .builders import NOW, a_project, a_task, a_task_run, a_user


@pytest.fixture
def league(uow):
    """zoe and max gave 3 runs, amy 1, bob none; an anonymous visitor gave 1."""
    zoe, amy, max_, bob = (a_user(uow, name=name) for name in ("zoe", "amy", "max", "bob"))
    tasks = [a_task(uow, a_project(uow, bob, published=True)) for _ in range(3)]
    for user, n_runs in ((zoe, 3), (max_, 3), (amy, 1)):
        for task in tasks[:n_runs]:
            a_task_run(uow, task, user)
    a_task_run(uow, tasks[0], None)
    return {"zoe": zoe, "amy": amy, "max": max_, "bob": bob}


def _scored(contributors) -> list[tuple[str, int, int]]:
    return [(c.user.name, c.score, c.rank) for c in contributors]


def test_users_are_counted(uow, league):
    with uow:
        assert uow.users.count() == 4


def test_a_page_of_users_is_ordered_by_name_with_scores_and_shared_ranks(uow, league):
    with uow:
        assert _scored(uow.users.page(0, 10)) == [
            ("amy", 1, 3),
            ("bob", 0, 4),
            ("max", 3, 1),
            ("zoe", 3, 1),
        ]
        assert _scored(uow.users.page(1, 2)) == [("bob", 0, 4), ("max", 3, 1)]
        assert uow.users.page(4, 10) == []


def test_top_contributors_come_best_first_with_ties_by_id(uow, league):
    with uow:
        assert _scored(uow.users.top_contributors(3)) == [
            ("zoe", 3, 1),
            ("max", 3, 1),
            ("amy", 1, 3),
        ]
        assert _scored(uow.users.top_contributors(10))[-1] == ("bob", 0, 4)


def test_one_contributor_is_ranked_among_every_user(uow, league):
    with uow:
        found = uow.users.contributor(league["amy"].id)
        assert (found.user.id, found.score, found.rank) == (league["amy"].id, 1, 3)
        assert uow.users.contributor(league["bob"].id).rank == 4
        assert uow.users.contributor(99999) is None
        assert uow.users.contributor(0) is None


def test_a_ranking_window_is_the_users_places_around_theirs_in_best_first_order(uow, league):
    with uow:
        assert _scored(uow.users.ranking_window(league["amy"].id, 1)) == [
            ("max", 3, 1),
            ("amy", 1, 3),
            ("bob", 0, 4),
        ]
        assert _scored(uow.users.ranking_window(league["zoe"].id, 1)) == [
            ("zoe", 3, 1),
            ("max", 3, 1),
        ]
        assert len(uow.users.ranking_window(league["bob"].id, 10)) == 4
        assert uow.users.ranking_window(99999, 3) == []


def test_with_no_runs_every_user_shares_the_first_rank(uow):
    users = [a_user(uow), a_user(uow)]
    with uow:
        assert [(c.score, c.rank) for c in uow.users.top_contributors(5)] == [(0, 1), (0, 1)]
        assert [c.user.id for c in uow.users.top_contributors(5)] == [u.id for u in users]


def test_a_user_owns_drafts_and_published_projects_listed_by_id(uow):
    owner, other = a_user(uow), a_user(uow)
    draft = a_project(uow, owner)
    published = a_project(uow, owner, published=True)
    a_project(uow, other)
    with uow:
        assert [p.id for p in uow.projects.owned_by(owner.id)] == [draft.id, published.id]
        assert uow.projects.owned_by(99999) == []


def test_contributed_projects_are_the_published_ones_the_user_answered_once_each(uow):
    owner, volunteer = a_user(uow), a_user(uow)
    answered = a_project(uow, owner, published=True)
    draft = a_project(uow, owner)
    untouched = a_project(uow, owner, published=True)
    for project in (answered, answered, draft):
        a_task_run(uow, a_task(uow, project), volunteer)
    a_task_run(uow, a_task(uow, untouched), owner)
    with uow:
        assert [p.id for p in uow.projects.contributed_by(volunteer.id)] == [answered.id]
        assert [p.id for p in uow.projects.contributed_by(owner.id)] == [untouched.id]


def test_contributed_projects_come_in_pages_by_name_with_their_count(uow):
    owner, volunteer = a_user(uow), a_user(uow)
    projects = [a_project(uow, owner, published=True, name=name) for name in "cab"]
    for project in projects + projects[:1]:
        a_task_run(uow, a_task(uow, project), volunteer)
    with uow:
        assert [p.name for p in uow.projects.contributed_page(volunteer.id, 0, 2)] == ["a", "b"]
        assert [p.name for p in uow.projects.contributed_page(volunteer.id, 2, 2)] == ["c"]
        assert uow.projects.count_contributed(volunteer.id) == 3
        assert uow.projects.count_contributed(owner.id) == 0


def test_a_users_runs_come_oldest_first_and_only_theirs(uow):
    volunteer, other = a_user(uow), a_user(uow)
    project = a_project(uow, other)
    tasks = [a_task(uow, project) for _ in range(3)]
    first = a_task_run(uow, tasks[2], volunteer)
    a_task_run(uow, tasks[2], other)
    second = a_task_run(uow, tasks[0], volunteer)
    with uow:
        assert [r.id for r in uow.task_runs.by_user(volunteer.id)] == [first.id, second.id]
        assert uow.task_runs.by_user(99999) == []


def test_the_confirmation_flag_starts_false_and_is_saved(uow):
    user = a_user(uow)
    with uow:
        found = uow.users.get(user.id)
        assert found.confirmation_email_sent is False
        found.confirmation_email_sent = True
        uow.commit()
    with uow:
        assert uow.users.get(user.id).confirmation_email_sent is True


def test_migration_0003_gives_existing_users_a_false_flag_and_takes_it_back(database_url):
    command.downgrade(migrations.alembic_config(database_url), "0002")
    engine = database.create_engine_for(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    'INSERT INTO "user" (id, created, name, fullname, email_addr, api_key, admin, '
                    "privacy_mode, locale, valid_email, subscribed, info) VALUES (1, :now, 'ada', "
                    "'Ada', 'ada@example.com', 'key', false, true, 'en', true, true, '{}')"
                ),
                {"now": NOW},
            )
        migrations.upgrade(database_url)
        with engine.connect() as connection:
            flag = connection.execute(text('SELECT confirmation_email_sent FROM "user"'))
            assert [bool(row[0]) for row in flag] == [False]
        command.downgrade(migrations.alembic_config(database_url), "0002")
        columns = {c["name"] for c in inspect(engine).get_columns("user")}
        assert "confirmation_email_sent" not in columns
    finally:
        engine.dispose()
