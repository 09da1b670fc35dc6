"""Writing output safely: the output rule, atomic files, folders built aside, clear errors.

The bottom layer of the package (it imports nothing of socialcredit but its problem types), so
every command that writes uses the same rule; see docs/results.md, "Where output may go".
"""

from socialcredit.files.atomic import replacing, write_atomic, write_new
from socialcredit.files.build import FolderBuild
from socialcredit.files.errors import OutputError, OutputRefused, writing
from socialcredit.files.output_rule import FileKind, OutputKind, check_file, check_folder

__all__ = [
    "FileKind",
    "FolderBuild",
    "OutputError",
    "OutputKind",
    "OutputRefused",
    "check_file",
    "check_folder",
    "replacing",
    "write_atomic",
    "write_new",
    "writing",
]
