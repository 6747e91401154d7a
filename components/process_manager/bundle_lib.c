/* SPDX-License-Identifier: BSD-2-Clause */
/* lib/bundle (the validator and load planner, shared with the host tools)
 * and lib/appload (the loader, shared with the application test), compiled
 * into the process manager: a system build compiles a component's own
 * directory only. */
#include "../../lib/bundle/bundle.c"
#include "../../lib/bundle/plan.c"
#include "../../lib/bundle/strerror.c"
#include "../../lib/bundle/flash.c"
#include "../../lib/appload/appload.c"
