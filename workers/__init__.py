"""RQ jobs, queue definitions and the cron schedule."""
