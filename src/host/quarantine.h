/* Result areas of cancelled subtasks. A conforming host writes nothing
 * into a subtask once it has reported it cancelled, so the area is freed
 * at once. jco 1.35 finishes a cancelled receive anyway and writes its
 * result there later (../shared/HOSTS.md); on such a host the area is
 * quarantined instead, and freed once the late write has happened. */
#ifndef P3_HOST_QUARANTINE_H
#define P3_HOST_QUARANTINE_H

/* Whether the host may write into a cancelled subtask's result area. It
 * says so through the environment (P3NET_HOST=jco; bin/p3run sets it), read
 * once: no component-visible behaviour tells the hosts apart before the
 * damage is done. */
int p3_host_writes_after_cancel(void);

/* The quarantine's record of one block, kept inside the block itself (in
 * memory the cancelled operation no longer uses), so that holding a block
 * costs no allocation of its own. */
struct p3_qlink {
  struct p3_qlink *next;
  void *block;
  unsigned char *tag;
  void (*release)(void *block);
};

/* Called after a cancel the host answered "cancelled". Returns 0 on a
 * conforming host: nothing was or will be written, the caller frees or
 * reuses block. Returns 1 if the quarantine has taken block: it is kept
 * until the host has written into it, then release frees it and whatever
 * that write allocated. tag is the result's first byte (a variant's
 * discriminant, 0 or 1 once written); link lies inside block, apart from
 * the result. */
int p3_quarantine(struct p3_qlink *link, void *block, unsigned char *tag,
                  void (*release)(void *block));

/* How many blocks are quarantined now (tests and benchmarks). */
unsigned p3_quarantine_count(void);

#endif
