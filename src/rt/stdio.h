#ifndef P3_RT_STDIO_H
#define P3_RT_STDIO_H
/* Ends the stdout and stderr streams and waits until the host has taken
 * every byte, so nothing written is lost when the component finishes. */
void p3_stdio_finish(void);
#endif
