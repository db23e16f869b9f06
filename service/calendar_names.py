"""English names of weekdays and months, as emails and pages print them.

Looked up rather than formatted with strftime's %A and %B: no dependence on the process's LC_TIME,
and a tuple index costs a fraction of a strftime call in the send jobs' hot path.
"""

from __future__ import annotations

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
