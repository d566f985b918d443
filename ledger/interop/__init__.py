"""Formats shared with other tools: calendars, and the track records of other forecasting sites."""
