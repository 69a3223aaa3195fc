/* What a small server does at start and then: reads its config file with
 * fopen/fgets, stats it, lists its directory, then answers UDP requests,
 * with a file and the socket in one poll (a regular file is always ready,
 * as on Linux). */
// P3NET-DIR: tmp
// P3NET-ARGS: @DIR@
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

int main(int argc, char **argv) {
  CHECK(argc == 2);
  if (argc != 2)
    return 1;
  char conf[2048], reply[64] = "";
  snprintf(conf, sizeof conf, "%s/server.conf", argv[1]);
  FILE *f = fopen(conf, "w");
  CHECK(f && fputs("# test server\nreply = pong\nrequests = 3\n", f) >= 0 && fclose(f) == 0);

  int requests = 0;
  char line[256];
  f = fopen(conf, "r");
  CHECK(f != NULL);
  while (f && fgets(line, sizeof line, f)) {
    if (line[0] == '#')
      continue;
    sscanf(line, "reply = %63s", reply);
    sscanf(line, "requests = %d", &requests);
  }
  CHECK(f && fclose(f) == 0);
  CHECK(!strcmp(reply, "pong") && requests == 3);
  struct stat st;
  CHECK_OK(stat(conf, &st));
  CHECK(S_ISREG(st.st_mode) && st.st_size == 40);
  DIR *d = opendir(argv[1]);
  int seen = 0;
  for (struct dirent *e; d && (e = readdir(d));)
    seen += !strcmp(e->d_name, "server.conf");
  CHECK(d && closedir(d) == 0);
  CHECK(seen == 1);

  int srv = socket(AF_INET, SOCK_DGRAM, 0), cli = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(srv >= 0 && cli >= 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t alen = sizeof a;
  CHECK_OK(bind(srv, (struct sockaddr *) &a, sizeof a));
  CHECK_OK(getsockname(srv, (struct sockaddr *) &a, &alen));
  int log = open(conf, O_RDONLY);
  CHECK(log >= 0);
  for (int i = 0; i < requests; i++) {
    CHECK(sendto(cli, "ping", 4, 0, (struct sockaddr *) &a, sizeof a) == 4);
    /* the file is ready at once, so poll returns at once; go on until
     * the socket is ready too (bounded by time, not rounds: how many
     * rounds the datagram takes depends on the host) */
    int got = 0;
    for (double t0 = check_now_ms(); !got && check_now_ms() - t0 < 5000;) {
      struct pollfd p[2] = {{log, POLLIN, 0}, {srv, POLLIN, 0}};
      int n = poll(p, 2, 1000);
      CHECK(n >= 1 && p[0].revents == (POLLIN | 0));
      if (p[1].revents & POLLIN) {
        char buf[16];
        struct sockaddr_in from;
        socklen_t flen = sizeof from;
        ssize_t r = recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *) &from, &flen);
        CHECK(r == 4 && !memcmp(buf, "ping", 4));
        CHECK(sendto(srv, reply, strlen(reply), 0, (struct sockaddr *) &from, flen) == 4);
        got = 1;
      }
    }
    CHECK(got);
    char buf[16];
    CHECK(recv(cli, buf, sizeof buf, 0) == 4 && !memcmp(buf, "pong", 4));
  }
  /* epoll takes the socket but not the file, as Linux: EPERM */
  int ep = epoll_create1(0);
  CHECK(ep >= 0);
  struct epoll_event ev = {.events = EPOLLIN};
  CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, log, &ev), EPERM);
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, srv, &ev));
  CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, 12345, &ev), EBADF);
  CHECK_OK(close(ep));
  CHECK_OK(close(log));
  CHECK_OK(close(srv));
  CHECK_OK(close(cli));
  CHECK_DONE();
}
