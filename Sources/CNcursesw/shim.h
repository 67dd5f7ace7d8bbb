#ifndef REIN_CNCURSESW_SHIM_H
#define REIN_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* glibc's prototypes are hidden behind feature macros that do not reach Swift's view. */
extern int wcwidth(wchar_t c);

static inline int rein_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

static inline attr_t rein_attr_bold(void) { return A_BOLD; }
static inline attr_t rein_attr_reverse(void) { return A_REVERSE; }
static inline attr_t rein_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t rein_attr_dim(void) { return A_DIM; }
static inline attr_t rein_attr_normal(void) { return A_NORMAL; }

static inline WINDOW *rein_stdscr(void) { return stdscr; }
static inline int rein_lines(void) { return LINES; }
static inline int rein_cols(void) { return COLS; }
static inline int rein_colors(void) { return COLORS; }
static inline FILE *rein_stdin(void) { return stdin; }
static inline FILE *rein_stdout(void) { return stdout; }

static inline int rein_maxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int rein_maxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }

/// The size the kernel reports for a terminal file descriptor, or -1 when it has none.
static inline int rein_winsize(int fd, int *rows, int *cols) {
  struct winsize ws;
  if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
  *rows = ws.ws_row;
  *cols = ws.ws_col;
  return 0;
}

/// Writes one cell: a base character with its attributes and colour pair.
static inline int rein_put_cell(int y, int x, unsigned int ch, attr_t attrs, short pair) {
  cchar_t cell;
  wchar_t text[2] = {(wchar_t)ch, 0};
  setcchar(&cell, text, attrs, pair, NULL);
  return mvadd_wch(y, x, &cell);
}

/// Writes one cell holding a base character and the combining marks drawn on it (as many as a
/// curses cell holds; the rest are left out), so an accent never lands in a cell of its own.
static inline int rein_put_cluster(
    int y, int x, const unsigned int *chars, int count, attr_t attrs, short pair) {
  cchar_t cell;
  wchar_t text[CCHARW_MAX + 1];
  int used = count < CCHARW_MAX ? count : CCHARW_MAX;
  for (int i = 0; i < used; i++) text[i] = (wchar_t)chars[i];
  text[used] = 0;
  setcchar(&cell, text, attrs, pair, NULL);
  return mvadd_wch(y, x, &cell);
}

/// Reads back the base character of one cell of stdscr (for headless tests).
static inline unsigned int rein_read_cell(int y, int x) {
  cchar_t cell;
  wchar_t text[CCHARW_MAX + 1];
  attr_t attrs;
  short pair;
  if (mvin_wch(y, x, &cell) == ERR) return 0;
  if (getcchar(&cell, text, &attrs, &pair, NULL) == ERR) return 0;
  return (unsigned int)text[0];
}
#endif
