"""Program leads and admins: login, programs, dashboard, exports."""

from flask import Blueprint

blueprint = Blueprint("leads", __name__, url_prefix="/leads")
