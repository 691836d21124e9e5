"""Announcements, blog posts and pages: who writes them, who reads drafts, what a form needs."""

import pytest

from pybossa_core import errors
from pybossa_core.entity import Changes
from pybossa_core.publications import CreateAnnouncement, CreateBlogPost
from pybossa_core.use_cases import publications
from pybossa_core.use_cases.forms import Refused

from . import builders
from .builders import LATER, NOW


def test_an_announcement_is_by_the_admin_who_made_it(uow, admin, someone):
    made = publications.create_announcement(
        uow, CreateAnnouncement("T", "B"), builders.actor(admin), NOW
    )
    assert (made.user_id, made.published, made.created) == (admin.id, False, NOW)
    with pytest.raises(errors.Forbidden):
        publications.create_announcement(
            uow, CreateAnnouncement("T", "B"), builders.actor(someone), NOW
        )


def test_changing_a_post_stamps_it_and_it_stays_in_its_project(uow, owner):
    project = builders.a_published_project(uow, owner)
    post = publications.create_blog_post(
        uow, CreateBlogPost(project.id, "T", "B"), builders.actor(owner), NOW
    )
    changed = publications.update_publication(
        uow, "blogpost", post.id, Changes({"title": "U"}), builders.actor(owner), LATER
    )
    assert (changed.title, changed.created, changed.updated) == ("U", NOW, LATER)
    with pytest.raises(errors.InvalidInput):
        publications.update_publication(
            uow,
            "blogpost",
            post.id,
            Changes({"project_id": project.id + 1}),
            builders.actor(owner),
            LATER,
        )


def test_a_blog_shows_drafts_to_its_owners_only(uow, owner, someone):
    project = builders.a_published_project(uow, owner)
    builders.a_blog_post(uow, project, title="Out", published=True)
    builders.a_blog_post(uow, project, title="Draft")
    own = publications.project_blog(uow, project.short_name, builders.actor(owner))
    assert [p.title for p in own.posts] == ["Draft", "Out"]
    other = publications.project_blog(uow, project.short_name, builders.actor(someone))
    assert [p.title for p in other.posts] == ["Out"]


@pytest.mark.parametrize(
    "form, fields",
    [
        ({"title": "", "body": "b"}, {"title"}),
        ({"title": "t", "body": "  "}, {"body"}),
        ({"title": "t" * 256, "body": "b"}, {"title"}),
        ({"title": None, "body": None}, {"title", "body"}),
    ],
)
def test_a_post_form_needs_a_title_and_a_body(form, fields):
    refused = publications.form_problems(form)
    assert isinstance(refused, Refused) and set(refused.problems) == fields


def test_a_refused_announcement_form_stores_nothing(uow, admin):
    form = {"title": "", "body": "b", "published": True}
    assert isinstance(publications.announce(uow, builders.actor(admin), form, NOW), Refused)
    assert builders.everything_in(uow.announcements) == []
