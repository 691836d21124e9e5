"""The front page use case: only published projects, a bounded number of each kind."""

from pybossa_core.use_cases import home

from .builders import a_category, a_project, a_published_project, a_task, a_task_run, a_user


def test_categories_without_published_projects_are_left_out(uow, owner):
    shown, drafts_only, _empty = a_category(uow), a_category(uow), a_category(uow)
    published = a_published_project(uow, owner, category_id=shown.id)
    a_project(uow, owner, category_id=shown.id)
    a_project(uow, owner, category_id=drafts_only.id)
    page = home.home_page(uow)
    assert page.categories == [shown]
    assert page.projects == {shown.id: [published]}


def test_each_category_shows_at_most_its_share_of_projects_by_name(uow, owner):
    category = a_category(uow)
    for letter in "edcba":
        a_published_project(uow, owner, category_id=category.id, name=letter)
    page = home.home_page(uow, per_category=3)
    assert [p.name for p in page.projects[category.id]] == ["a", "b", "c"]


def test_featured_drafts_are_not_featured(uow, owner):
    a_category(uow)
    shown = a_published_project(uow, owner, featured=True)
    a_project(uow, owner, featured=True)
    a_published_project(uow, owner)
    assert home.home_page(uow).featured == [shown]


def test_top_projects_are_published_ones_with_the_most_volunteers(uow, owner):
    a_category(uow)
    volunteers = [a_user(uow) for _ in range(3)]
    quiet, busy, draft = (
        a_published_project(uow, owner),
        a_published_project(uow, owner),
        a_project(uow, owner),
    )
    a_published_project(uow, owner)  # nobody answered it
    for project, n in ((quiet, 1), (busy, 3), (draft, 3)):
        task = a_task(uow, project, n_answers=5)
        for volunteer in volunteers[:n]:
            a_task_run(uow, task, volunteer)
    page = home.home_page(uow, top=5)
    assert page.top_projects == [busy, quiet]
    assert page.stats[busy.id].n_volunteers == 3 and page.stats[quiet.id].n_volunteers == 1


def test_top_users_are_those_who_answered_best_first(uow, owner):
    a_category(uow)
    project = a_published_project(uow, owner)
    once, twice = a_user(uow), a_user(uow)
    a_task_run(uow, a_task(uow, project), once)
    for _ in range(2):
        a_task_run(uow, a_task(uow, project), twice)
    assert [who.user for who in home.home_page(uow).top_users] == [twice, once]


def test_an_empty_site_has_an_empty_front_page(uow):
    page = home.home_page(uow)
    assert (
        page.categories,
        page.projects,
        page.featured,
        page.top_projects,
        page.top_users,
        page.stats,
    ) == ([], {}, [], [], [], {})
