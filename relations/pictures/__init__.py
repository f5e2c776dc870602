"""Pictures drawn on the server as SVG from what a page has already read: no queries here.

Every picture is styled by classes (static/css/tracker.css; the Content-Security-Policy forbids
style attributes) and stays a companion to the list below it, which is the accessible record.
"""
