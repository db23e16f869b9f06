"""Friendly pages for the managers' errors: broken links, expired forms, too many requests."""

from __future__ import annotations

from flask import Response

from service.error_pages import register_form_error_pages
from service.public import blueprint
from service.public.links import LinkProblem, link_problem_page

register_form_error_pages(blueprint)


@blueprint.errorhandler(LinkProblem)
def _link_problem(problem: LinkProblem) -> Response:
    return link_problem_page(problem)
