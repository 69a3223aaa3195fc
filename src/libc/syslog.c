/* syslog to stderr. There is no system logger for a component to reach,
 * so each message is written to fd 2 in one write, in the form glibc gives
 * its LOG_PERROR copy: "ident[pid]: message\n" (the pid only with
 * LOG_PID), whatever the options say. The ident defaults to the program's
 * short name; %m is strerror(errno), as in glibc. The facility, LOG_CONS,
 * LOG_NDELAY and the like change nothing: there is no log to open. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static const char *log_ident;
static int log_options;
static int log_mask = 0xff;

void openlog(const char *ident, int option, int facility) {
  log_ident = ident;
  log_options = option;
}

void closelog(void) {
  log_ident = NULL;
  log_options = 0;
}

int setlogmask(int mask) {
  int old = log_mask;
  if (mask)
    log_mask = mask;
  return old;
}

/* Copies format to out (room for size) with every %m replaced by text;
 * returns the length it needs. */
static size_t expand_m(const char *format, const char *text, char *out, size_t size) {
  size_t n = 0, tlen = strlen(text);
  for (const char *p = format; *p; p++) {
    if (p[0] == '%' && p[1] == '%') {
      if (n + 2 <= size)
        memcpy(out + n, p, 2);
      n += 2;
      p++;
    } else if (p[0] == '%' && p[1] == 'm') {
      if (n + tlen <= size)
        memcpy(out + n, text, tlen);
      n += tlen;
      p++;
    } else {
      if (n + 1 <= size)
        out[n] = *p;
      n++;
    }
  }
  if (n < size)
    out[n] = '\0';
  return n;
}

void vsyslog(int priority, const char *format, va_list ap) {
  if (!(log_mask & LOG_MASK(LOG_PRI(priority))))
    return;
  int saved = errno;
  const char *ident = log_ident ? log_ident : program_invocation_short_name;
  char fbuf[256], mbuf[512];
  char *fmt = fbuf, *msg = mbuf;
  size_t need = expand_m(format, strerror(saved), fbuf, sizeof fbuf);
  if (need >= sizeof fbuf && (fmt = malloc(need + 1)) != NULL)
    expand_m(format, strerror(saved), fmt, need + 1);
  if (!fmt)
    goto out;
  /* The header, then the message, then a newline unless it has one. */
  int head = log_options & LOG_PID
                 ? snprintf(mbuf, sizeof mbuf, "%s[%d]: ", ident ? ident : "", (int) getpid())
                 : snprintf(mbuf, sizeof mbuf, "%s: ", ident ? ident : "");
  if (head < 0 || (size_t) head >= sizeof mbuf)
    goto out;
  va_list copy;
  va_copy(copy, ap);
  int body = vsnprintf(mbuf + head, sizeof mbuf - (size_t) head, fmt, copy);
  va_end(copy);
  if (body < 0)
    goto out;
  size_t len = (size_t) head + (size_t) body;
  if (len + 2 > sizeof mbuf) {
    if (!(msg = malloc(len + 2)))
      goto out;
    memcpy(msg, mbuf, (size_t) head);
    vsnprintf(msg + head, len + 1 - (size_t) head, fmt, ap);
  }
  if (len == (size_t) head || msg[len - 1] != '\n')
    msg[len++] = '\n';
  for (size_t done = 0; done < len;) {
    ssize_t w = write(STDERR_FILENO, msg + done, len - done);
    if (w <= 0)
      break;
    done += (size_t) w;
  }
out:
  if (msg != mbuf)
    free(msg);
  if (fmt != fbuf)
    free(fmt);
  errno = saved;
}

void syslog(int priority, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  vsyslog(priority, format, ap);
  va_end(ap);
}
