"""The annual report form as a region files it from the CLI: reading answer files and submitting them.

The names below are the package's public face; other layers import them from here or from the
module that defines them.
"""

from eci.form.files import check_answer_file, check_form_file, load_answers
from eci.form.submit import submit_form

__all__ = ["check_answer_file", "check_form_file", "load_answers", "submit_form"]
