"""How long free text may be.

Every text an editor types has a limit, checked by the admin's forms, the API and the model's
own validation (``full_clean``), so that a pasted book or a runaway client cannot store
megabytes in one field. Titles, names and notes are ``CharField``s with their own
``max_length``; the longer texts below are ``TextField``s, whose ``max_length`` Django enforces
only in forms (and DRF in serializers), so they carry a `MaxLengthValidator` as well. On
PostgreSQL the column stays ``text``: the limit is the application's, not the database's.
"""

from django.core.validators import MaxLengthValidator

#: Summaries, quoted wordings and descriptions: a long article's worth of quotation, and well
#: above the longest in the seed story (a few hundred characters).
LONG_TEXT = 20_000

long_text_validators = [MaxLengthValidator(LONG_TEXT)]
