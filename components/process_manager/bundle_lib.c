/* lib/bundle, the validator and load planner, compiled into the process
 * manager: a system build compiles a component's own directory, and this
 * freestanding library is shared with the host tools as source. */
#include "../../lib/bundle/bundle.c"
#include "../../lib/bundle/plan.c"
#include "../../lib/bundle/strerror.c"
