"""The handlers' side of the reporting channel (meldpunt) on the staff site.

Thin views over ``loket.whistle.services`` and ``loket.whistle.selectors``: the queue,
a report's file with its actions, an oral report recorded on the reporter's behalf,
attachments and the reporter's identity on a recorded reason. A report the user may not
see answers 404, exactly as one that does not exist (independence, issue 2 item 5).
"""
