"""Notifications: what the user should hear about in all their projects, each linking to where it is handled;
read and unread, and which rules the user receives."""

from ui import context
from ui.components import notifications

frame = context.get()
notifications.page(frame.scope, frame.as_of, frame.lang, frame.project_id)
