// ncursesw for Swift: wide-character curses. Swift 6 refuses C globals
// (stdscr, LINES, COLS) and does not import macros, so they are wrapped here.
#ifndef BORNE_CNCURSESW_SHIM_H
#define BORNE_CNCURSESW_SHIM_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <signal.h>
#include <ncursesw/curses.h>

static inline WINDOW *borne_stdscr(void) { return stdscr; }
static inline int borne_lines(void) { return LINES; }
static inline int borne_cols(void) { return COLS; }

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

/// Writes one wide-character cell (a base character plus up to 4 combining
/// marks) with attributes and a colour pair at (y, x).
static inline int borne_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, wch, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cc);
}

/// Clears the signal mask inherited from the parent (tmux panes started from a
/// test inherit blocked signals) so SIGTERM and SIGWINCH reach us.
static inline void borne_unblock_all_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    sigprocmask(SIG_SETMASK, &set, NULL);
}
#endif
