"""``{% pair_summary summary pair %}`` and the other summaries of relations/summary_html.py."""

from __future__ import annotations

from django import template

from relations import summary_html

register = template.Library()

register.simple_tag(summary_html.pair_summary_html, name="pair_summary")
register.simple_tag(summary_html.country_summary_html, name="country_summary")
register.simple_tag(summary_html.kinds_list, name="summary_kinds")
register.simple_tag(summary_html.pledge_scorecard, name="summary_pledges")
register.simple_tag(summary_html.measured_list, name="summary_measured")
register.simple_tag(summary_html.event_line, name="summary_event")
register.simple_tag(summary_html.partner_items, name="partner_items")
