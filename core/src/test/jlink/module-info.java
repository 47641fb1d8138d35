/** The jlink check's program: a module that needs only sharedstate and java.base. */
module io.github.sharedstate.jlinkcheck {
  requires io.github.sharedstate;
}
