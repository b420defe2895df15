// ncursesw for Swift: wide-character curses. Swift 6 refuses C globals
// (stdscr, LINES, COLS, COLORS, stdin, stdout) and does not import macros, so
// they are wrapped here. BorneTerminal is the only module that imports this.
#ifndef BORNE_CNCURSESW_SHIM_H
#define BORNE_CNCURSESW_SHIM_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <ncursesw/curses.h>

static inline WINDOW *borne_stdscr(void) { return stdscr; }
static inline int borne_lines(void) { return LINES; }
static inline int borne_cols(void) { return COLS; }
static inline int borne_colors(void) { return COLORS; }
static inline int borne_color_pairs(void) { return COLOR_PAIRS; }

static inline mmask_t borne_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t borne_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t borne_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t borne_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t borne_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }

static inline attr_t borne_a_bold(void) { return A_BOLD; }
static inline attr_t borne_a_reverse(void) { return A_REVERSE; }
static inline attr_t borne_a_underline(void) { return A_UNDERLINE; }
static inline attr_t borne_a_dim(void) { return A_DIM; }
static inline attr_t borne_a_normal(void) { return A_NORMAL; }

static inline int borne_key_mouse(void) { return KEY_MOUSE; }
static inline int borne_key_resize(void) { return KEY_RESIZE; }
static inline int borne_key_code_yes(void) { return KEY_CODE_YES; }
static inline int borne_err(void) { return ERR; }
static inline int borne_ok(void) { return OK; }

/// Writes one wide-character cell (a base character plus up to 4 combining
/// marks) with attributes and a colour pair at (y, x).
static inline int borne_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, wch, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cc);
}

/// Sets what `werase` and a resize fill stdscr with: spaces in this style.
static inline void borne_set_background(attr_t attrs, short pair) {
    static const wchar_t space[2] = { L' ', 0 };
    cchar_t cc;
    if (setcchar(&cc, space, attrs, pair, NULL) == OK) wbkgrndset(stdscr, &cc);
}

/// Clears the signal mask inherited from the parent (tmux panes started from a
/// test inherit blocked signals) so SIGTERM and SIGWINCH reach us.
static inline void borne_unblock_all_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    sigprocmask(SIG_SETMASK, &set, NULL);
}

/// `newterm` on stdout/stdin with $TERM: unlike `initscr`, it returns NULL
/// instead of printing and exiting when the terminal type is unknown.
static inline SCREEN *borne_newterm(void) {
    return newterm(NULL, stdout, stdin);
}

/// True when the terminal newterm opened can move the cursor (`cup`): on
/// `dumb` or a printing terminal ncurses would just append lines.
static inline int borne_can_address_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

/// True when the current LC_CTYPE encodes text as UTF-8.
static inline int borne_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && strcmp(codeset, "UTF-8") == 0;
}

/// True when the controlling terminal on stdin is gone: a hung-up tty answers
/// every ioctl with EIO, a closed one with EBADF.
static inline int borne_stdin_tty_lost(void) {
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &t) == 0) return 0;
    return errno != EINTR;
}

// Signal flags. `weak` gives one shared definition for the whole program
// even though every Swift object file that calls these inline functions gets
// its own copy of them; `volatile sig_atomic_t` is all a handler may touch.
__attribute__((weak)) volatile sig_atomic_t borne_signal_hangup_flag = 0;
__attribute__((weak)) volatile sig_atomic_t borne_signal_terminate_flag = 0;
__attribute__((weak)) volatile sig_atomic_t borne_signal_resize_flag = 0;

static void borne_on_hangup(int sig) { (void)sig; borne_signal_hangup_flag = 1; }
static void borne_on_terminate(int sig) { (void)sig; borne_signal_terminate_flag = 1; }
static void borne_on_resize(int sig) { (void)sig; borne_signal_resize_flag = 1; }

/// Signals a kiosk leaves at their default action: the faults (a crash must
/// crash, so systemd restarts a sound process), SIGKILL and SIGSTOP (cannot be
/// caught), SIGCHLD, SIGCONT and SIGURG (their default does no harm).
static inline int borne_signal_keeps_default(int sig) {
    switch (sig) {
    case SIGSEGV: case SIGBUS: case SIGFPE: case SIGILL: case SIGABRT: case SIGTRAP: case SIGSYS:
    case SIGKILL: case SIGSTOP: case SIGCHLD: case SIGCONT: case SIGURG:
        return 1;
    default:
        return 0;
    }
}

/// Only SIGTERM (orderly stop) and SIGHUP (terminal lost) end the kiosk; both
/// become flags. SIGWINCH becomes a flag too (the loop reads input itself, so
/// ncurses never sees it). Every other catchable signal that would stop or
/// kill the process (SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE,
/// SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGXCPU, SIGXFSZ, SIGSTKFLT, the job
/// control signals and the real-time ones) is ignored: a stray `kill -USR1`
/// must not take the screen away. No SA_RESTART: a blocked poll() returns at
/// once so the loop sees the flag. Must run before `newterm`, which installs
/// its own handlers only where it finds SIG_DFL.
static inline void borne_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = SIG_IGN;
    for (int sig = 1; sig < SIGRTMIN; sig++) {
        if (sig == SIGHUP || sig == SIGTERM || sig == SIGWINCH || borne_signal_keeps_default(sig)) continue;
        sigaction(sig, &sa, NULL);
    }
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++) sigaction(sig, &sa, NULL);
    sa.sa_handler = borne_on_hangup;
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = borne_on_terminate;
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = borne_on_resize;
    sigaction(SIGWINCH, &sa, NULL);
}

/// True once after each SIGWINCH.
static inline int borne_take_resize(void) {
    if (!borne_signal_resize_flag) return 0;
    borne_signal_resize_flag = 0;
    return 1;
}

/// The terminal's size in cells from the kernel (0 when unknown).
static inline void borne_window_size(int *rows, int *cols) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 && ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) != 0) {
        *rows = 0; *cols = 0; return;
    }
    *rows = ws.ws_row; *cols = ws.ws_col;
}

static inline short borne_pollin(void) { return POLLIN; }
static inline short borne_pollhup(void) { return POLLHUP | POLLERR | POLLNVAL; }

static inline int borne_hangup_received(void) { return borne_signal_hangup_flag != 0; }
static inline int borne_terminate_received(void) { return borne_signal_terminate_flag != 0; }

#endif
