"""``{% main_menu %}``: the main menu's items for the page being drawn;
``{% menu_who %}``: the role and region of who is logged in."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from datusoban.web import menu

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context) -> SafeString:
    return menu.links(context["request"])


@register.simple_tag(takes_context=True)
def menu_who(context) -> str:
    return menu.who(context["request"].user)
