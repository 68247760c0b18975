package mgdaunet.mgda;

import mgdaunet.nn.Module;

/** INTERIM stand-in for the strategies branch (deleted at the merge). */
public record Task(String name, Module head, TaskLoss loss) {}
