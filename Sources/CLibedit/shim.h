/*
 * CLibedit: the libedit (BSD editline) C API for Swift.
 *
 * Swift cannot call C-variadic functions (el_set, el_get, history), so this header wraps
 * the few calls LineEditor needs in static inline, non-variadic functions. It also exposes
 * the C stdio streams through functions, because Swift 6 rejects the `stdin`/`stdout`
 * globals as not concurrency-safe. Needs libedit-dev (histedit.h and libedit.so).
 */
#ifndef CLIBEDIT_SHIM_H
#define CLIBEDIT_SHIM_H

#include <stdio.h>
#include <histedit.h>

typedef char *(*clibedit_prompt_fn)(EditLine *);
typedef unsigned char (*clibedit_cmd_fn)(EditLine *, int);

/* Prompt callback; `esc` delimits non-printing sequences (e.g. colours) in the prompt, 0 for none. */
static inline int clibedit_set_prompt_esc(EditLine *el, clibedit_prompt_fn f, char esc) {
    return el_set(el, EL_PROMPT_ESC, f, esc);
}
/* "emacs" or "vi". */
static inline int clibedit_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int clibedit_set_hist(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
/* 1: libedit installs its own handlers (tty restore, SIGWINCH resize) while inside el_gets. */
static inline int clibedit_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}
static inline int clibedit_add_fn(EditLine *el, const char *name, const char *help, clibedit_cmd_fn f) {
    return el_set(el, EL_ADDFN, name, help, f);
}
/* Binds `key` (e.g. "^I", "\\e[H") to the editor function `fn`. */
static inline int clibedit_bind(EditLine *el, const char *key, const char *fn) {
    return el_set(el, EL_BIND, key, fn, NULL);
}
/* One stty-like setting, e.g. mode "-d" (edit mode), flag "-isig". */
static inline int clibedit_setty(EditLine *el, const char *mode, const char *flag) {
    return el_set(el, EL_SETTY, mode, flag, NULL);
}
static inline int clibedit_set_clientdata(EditLine *el, void *p) {
    return el_set(el, EL_CLIENTDATA, p);
}
static inline void *clibedit_get_clientdata(EditLine *el) {
    void *p = NULL;
    el_get(el, EL_CLIENTDATA, &p);
    return p;
}
/* Redraws the prompt and line (after output was written over them). */
static inline int clibedit_refresh(EditLine *el) {
    return el_set(el, EL_REFRESH);
}

static inline int clibedit_history_setsize(History *h, HistEvent *ev, int n) {
    return history(h, ev, H_SETSIZE, n);
}
static inline int clibedit_history_setunique(History *h, HistEvent *ev, int on) {
    return history(h, ev, H_SETUNIQUE, on);
}
static inline int clibedit_history_enter(History *h, HistEvent *ev, const char *line) {
    return history(h, ev, H_ENTER, line);
}
/* Operations without an argument: H_GETSIZE (count in ev->num), H_FIRST, H_NEXT, H_CLEAR. */
static inline int clibedit_history_op(History *h, HistEvent *ev, int op) {
    return history(h, ev, op);
}

static inline FILE *clibedit_stdin(void) { return stdin; }
static inline FILE *clibedit_stdout(void) { return stdout; }
static inline FILE *clibedit_stderr(void) { return stderr; }

#endif
