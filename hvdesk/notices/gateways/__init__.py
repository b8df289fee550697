"""Ways out to the SMS platform, all behind :class:`~hvdesk.notices.gateways.base.Gateway`."""
