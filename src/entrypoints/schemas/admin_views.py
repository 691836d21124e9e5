"""How the admin console and the front page show categories and users."""

from typing import Any

from entrypoints.schemas import outputs

# The front page's pseudo-category of featured projects, listed before the real ones.
FEATURED = {
    "created": None,
    "description": None,
    "id": None,
    "name": "Featured",
    "short_name": "featured",
}

_CATEGORY = outputs.CategoryOut()


def category_view(category: Any) -> dict[str, Any]:
    """A category as /api/category shows it."""
    return _CATEGORY.dump(category)


def admin_user_view(user: Any) -> dict[str, Any]:
    """A user in the admin console: the e-mail address included, never the api key or the
    password hash (PYBOSSA shows both here)."""
    return {
        "admin": user.admin,
        "confirmation_email_sent": user.confirmation_email_sent,
        "consent": user.consent,
        "created": user.created.isoformat(),
        "email_addr": user.email_addr,
        "fullname": user.fullname,
        "id": user.id,
        "info": dict(user.info or {}),
        "locale": user.locale,
        "name": user.name,
        "privacy_mode": user.privacy_mode,
        "subscribed": user.subscribed,
        "valid_email": user.valid_email,
    }
