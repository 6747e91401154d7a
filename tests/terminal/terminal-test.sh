#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# `make run` in a real terminal (tmux), keys typed as a person would:
# line editing, history, Tab, Ctrl-C, Ctrl-\, the prompt drawn again after
# other components' output, and Ctrl-A x quitting QEMU.  Prints TAP lines.
# Usage: terminal-test.sh   (from the top of the tree; the release image
# must be built: `make run` would build it, but not within the timeout)
# A tmux server of this run's own, on a socket in a directory of its own:
# another run (another tree's make test) kills only its own.
sock=$(mktemp -d)
T="tmux -S $sock/tmux"
S=run
LIMIT=${TERMINAL_TEST_TIMEOUT:-20}
n=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
screen() { $T capture-pane -p -S -300 -t $S; }
# wait_for PATTERN [COUNT]: until COUNT lines of the screen match
wait_for() {
    local end=$((SECONDS + LIMIT))
    while [ $SECONDS -lt $end ]; do
        [ "$(screen | grep -c -- "$1")" -ge "${2:-1}" ] && return 0
        sleep 0.2
    done
    return 1
}
keys() { $T send-keys -t $S "$@"; }
trap '$T kill-server 2>/dev/null; rm -rf "$sock"' EXIT

echo "1..13"
$T kill-server 2>/dev/null
$T new-session -d -s $S -x 120 -y 50 "make --no-print-directory run; echo \"make run ended: \$?\"; sleep 600"
wait_for '^mote>'; tap $? "make run boots to the prompt"

# Left inserts inside the line, Home and End move to its ends.
keys 'cho x' 'y' Left '-' Home 'e' End '!' Enter
wait_for '^x-y!$'; tap $? "Left, Home, End edit the line (echo x-y!)"

keys Up Enter
wait_for '^x-y!$' 2; tap $? "Up brings the last line back"

# Up twice then Down: the newer line; Delete, ^W, ^K, ^U, ^E edit it.
keys 'echo older' Enter 'echo newer' Enter Up Up Down Enter
wait_for '^newer$' 2; tap $? "Up, Up, Down: the newer of two lines"
keys 'echo one two three' C-w C-w 'X' Home Right Right Right Right Right DC C-e Enter
wait_for '^ne X$'; tap $? "^W deletes words, Delete the character under the cursor"
keys 'echo keep cut' Left Left Left C-k Enter 'junk' C-u 'echo clean' Enter
wait_for '^keep *$'; r=$?; wait_for '^clean$'; [ $r = 0 ] && [ $? = 0 ]
tap $? "^K cuts to the end, ^U to the start"

keys 'upt' Tab Enter
wait_for '^up [0-9]*\.[0-9]* s$'; tap $? "Tab completes uptime"

keys 'echo never' C-c 'echo after' Enter
wait_for '^after$'; r=$?
! screen | grep -q '^never$' && screen | grep -q 'echo never^C$'
[ $r = 0 ] && [ $? = 0 ]; tap $? "Ctrl-C cancels the line"

# Ctrl-A is QEMU's escape: Ctrl-A Ctrl-A sends one to the console.
keys 'cho z' C-a C-a 'e' Enter
wait_for '^z$'; tap $? "Ctrl-A Ctrl-A moves to the start of the line"

keys 'C-\' 'echo alive' Enter
wait_for '^alive$'; tap $? "Ctrl-\\ reaches the console, QEMU runs on"

# The panic application's line comes after the prompt: the line being typed is
# drawn again after it, whole.
keys 'fault' Enter 'echo typed'
wait_for 'panic: about to write'; r=$?
end=$((SECONDS + LIMIT))
while last=$(screen | grep -v '^$' | tail -1); [ "$last" != "mote> echo typed" ] && [ $SECONDS -lt $end ]; do
    sleep 0.2
done
[ $r = 0 ] && [ "$last" = "mote> echo typed" ]
tap $? "the prompt and the line being typed come back after other output ($last)"
keys C-u

printf '%0130d' 0 | sed 's/0/a/g' | { read -r long; keys "echo $long" Enter; }
wait_for 'line too long: at most 127 characters'; tap $? "a line over 127 characters is refused"

keys C-a x
wait_for '^make run ended: 0$'; tap $? "Ctrl-A x quits QEMU"
