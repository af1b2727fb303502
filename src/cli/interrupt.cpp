// Interrupt handling: only async-signal-safe calls in the handler (unlink, write, _exit), so it is
// safe whatever the build was doing when the signal came.
#include "cli/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstring>

#include "io/staged_output.hpp"

namespace bindery::cli {
namespace {

void on_signal(int sig) {
  io::remove_temporaries_from_signal_handler();
  const char* msg = sig == SIGINT    ? "bindery: error: interrupted (SIGINT); nothing was written and earlier outputs are untouched [Interrupted]\n"
                    : sig == SIGTERM ? "bindery: error: terminated (SIGTERM); nothing was written and earlier outputs are untouched [Interrupted]\n"
                                     : "bindery: error: hung up (SIGHUP); nothing was written and earlier outputs are untouched [Interrupted]\n";
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, msg, std::strlen(msg));
  ::_exit(3);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  // While one handler runs the others wait, so the temporaries are removed once.
  sigaddset(&sa.sa_mask, SIGINT);
  sigaddset(&sa.sa_mask, SIGTERM);
  sigaddset(&sa.sa_mask, SIGHUP);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
  // A parent may start us with these blocked (a signal mask is inherited across exec; one that
  // staged outputs in-process keeps them blocked after committing): unblocked here, or a stop
  // request would wait until the build had finished and written its outputs.
  sigprocmask(SIG_UNBLOCK, &sa.sa_mask, nullptr);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGXFSZ, SIG_IGN);
}

}  // namespace bindery::cli
