// SIGINT, SIGTERM and SIGHUP during a build: remove the temporary outputs and exit 3 (cli stage).
#pragma once

namespace bindery::cli {

/// Installs the handlers: on SIGINT, SIGTERM or SIGHUP every temporary output file is removed,
/// one line saying so goes to stderr, and the process exits with code 3; outputs already in the
/// output folder are never touched. Also ignores SIGPIPE and SIGXFSZ, so a closed pipe or a file
/// size limit surfaces as an ordinary write error (exit 3) instead of killing the process.
void install_interrupt_handlers();

}  // namespace bindery::cli
