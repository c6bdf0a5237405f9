"""ODK Collect and KoBoToolbox for offices that already use them: the verification visit
as an XLSForm (form.py), and the submissions their servers export read back as visits
(submissions.py) through the field app's own checks (lapangan.visits)."""
