#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The worst-case stack of a component's threads, measured from its linked
# (unstripped) ELF, against the stack its one-page layout gives thread 0:
# the hole below .data (lib/mote/component.ld's DATA_HOLE) less the
# 512-byte IPC buffer.  systems/systems.mk runs it for every component
# that has a stack.calls file and fails the build when the need exceeds
# the hole, so a component may ask for a smaller hole (more room for its
# data and bss in the one page) only with a measurement behind it.
#
#   stack-check.sh ELF SPEC...      prints "stack NEED of BUDGET bytes: PATH"
#
# The measurement: every function's frame is what its code takes off sp
# (each `addi sp,sp,-N` it contains, summed); the need is the deepest
# chain of frames from the thread entry (crt0's _start, where every thread
# starts) over the call graph of the disassembly: direct calls, tail
# calls, calls through an address just computed (weak hooks), and
# indirect calls.  An indirect call may reach any function whose address
# the image takes (in code, or as a word of its data), except the ones a
# SPEC line claims: "SITES TARGETS" (two awk regular expressions over
# function names) says that the functions matching TARGETS are called
# through a pointer only by the functions matching SITES (a command table
# and its dispatcher, the output hook and emit).  So a new function
# pointer is, until claimed, a possible target of every indirect call:
# the measure errs high, never low; only a wrong claim could make it low,
# and a claim whose SITES make no indirect call (the call was inlined
# elsewhere or renamed) fails the check.  "recursion FUNC N": the code
# lets FUNC be active at most N times at once (the console's nested
# scripts); the measure follows every cycle through it that many times.
# "stack N" is for the build (systems/systems.mk): the stack to link with.  Recursion, a call
# into the middle of a function, or sp changed any other way than by a
# constant fail the check: the need would not be bounded.
set -eu
[ $# -ge 1 ] || { echo "usage: stack-check.sh ELF SPEC..." >&2; exit 2; }
elf=$1; shift
X=${CROSS:-riscv64-unknown-elf-}
tmp=$(mktemp -d)
trap "rm -rf \"$tmp\"" EXIT

# The disassembly as facts, one a line:
#   F addr name | S addr bytes (a frame) | C from to (call) | T from to
#   (tail call) | I from (indirect call) | A addr (taken in code) | X addr
#   why (not measurable).  Functions are known by address: two static
#   functions of one name in two files are two functions.
${X}objdump -d --no-show-raw-insn "$elf" | awk '
function pad(a) { while (length(a) < 16) a = "0" a; return a }
function addr_of(str) { sub(/ <.*/, "", str); n = split(str, q, ","); return pad(q[n]) }
/^[0-9a-f]+ <[^>]+>:$/ {
    f = $1 ""; nm = $2; gsub(/[<>:]/, "", nm); print "F", f, nm
    split("", lastw); split("", prevw); split("", lastc); next
}
/^ +[0-9a-f]+:\t/ {
    split($0, p, "\t"); m = p[2]; ops = p[3]; cm = ""
    if (index(ops, "#")) { cm = substr(ops, index(ops, "#") + 2); ops = substr(ops, 1, index(ops, "#") - 1) }
    gsub(/ +$/, "", ops)
    if (m == "add" && ops ~ /^sp,sp,-[0-9]+$/) { k = ops; sub(/^sp,sp,-/, "", k); print "S", f, k }
    else if (ops ~ /^sp,/ && !(m == "add" && ops ~ /^sp,sp,[0-9]+$/) && m !~ /^(s[bhwd]|b[a-z]*)$/)
        print "X", f, "sets sp: " m " " ops
    if ((m == "jal" || m == "j" || m ~ /^b[a-z]*$/) && ops ~ / </) {
        t = addr_of(ops)
        # (a branch or j to its own start is a loop: no frame is added)
        if (ops !~ /\+0x[0-9a-f]+>$/ && (m == "jal" || t != f)) print (m == "jal" ? "C" : "T"), f, t
        else if (m == "jal") print "X", f, "calls into a function: " ops
    }
    if (m == "jalr") {
        r = ops; sub(/^ra,/, "", r); sub(/^0\(/, "", r); sub(/\)$/, "", r)
        if (ops ~ /^zero/ || cm ~ /^0 </) ;     # a weak hook that is not there: never taken
        else if (cm ~ /^[0-9a-f]+ <[^>+]+>$/) print "C", f, addr_of(cm)   # auipc+jalr: a far call
        else if (lastw[r] ~ /^add\t/ && lastc[r] ~ /^[0-9a-f]+ <[^>+]+>$/) print "C", f, addr_of(lastc[r])
        else print "I", f
    }
    # jr through a register: a jump table (lw, add the base, jr) or an
    # indirect tail call
    if (m == "jr" && cm ~ /^[0-9a-f]+ <[^>+]+>$/) print "T", f, addr_of(cm)    # a far tail call
    else if (m == "jr" && ops != "ra" && !(lastw[ops] ~ "^add\t" ops "," ops "," && prevw[ops] ~ /^lw\t/))
        print "I", f
    if (cm ~ /^[0-9a-f]+ <[^>+]+>$/ && m != "jal" && m != "j" && m !~ /^b/) print "A", addr_of(cm)
    split(ops, o, ",")
    if (o[1] != "" && m !~ /^(s[bhwd]|b[a-z]*|j|jr|jalr)$/) {
        prevw[o[1]] = lastw[o[1]]; lastw[o[1]] = m "\t" ops; lastc[o[1]] = cm
    }
}' > "$tmp/facts"

# Words of the data (8-byte aligned): function addresses in tables.
for s in .rodata .data .sdata; do
    start=$(${X}readelf -SW "$elf" | awk -v s=$s '{ for (i = 1; i < NF; i++) if ($i == s) { print $(i + 2); exit } }')
    [ -n "$start" ] || continue
    ${X}objcopy -O binary -j $s "$elf" "$tmp/sec"
    skip=$(( (8 - 16#$start % 8) % 8 ))
    tail -c +$((skip + 1)) "$tmp/sec" | od -An -tx8 -w8 -v | awk '{ print "D", $1 }'
done >> "$tmp/facts"

# The budget: the first writable segment's offset in its page, less the
# IPC buffer (component.ld: the hole below .data).
budget=$(${X}readelf -lW "$elf" | awk '$1 == "LOAD" && $7 ~ /W/ { print $3; exit }')
if [ -z "$budget" ]; then
    echo "$elf: error: no writable segment: not linked with the one-page layout" >&2
    exit 1
fi
budget=$(( (16#${budget#0x} % 4096) - 512 ))
entry=$(${X}readelf -hW "$elf" | awk '/Entry point/ { print $4 }')
entry=$(printf '%016x' $((entry)))

cat "$@" /dev/null | sed 's/#.*//' | awk '
    NF == 2 && $1 == "stack" { next }      # for the build: the stack to link with
    NF == 2 { print "P", $1, $2; next }
    NF == 3 && $1 == "recursion" && $3 ~ /^[1-9][0-9]*$/ { print "R", $2, $3; next }
    NF { print "E", $0 }' \
    > "$tmp/spec"
cat "$tmp/spec" "$tmp/facts" | awk -v ENTRY="$entry" -v BUDGET="$budget" -v ELF="$elf" '
function targets(f,   k) {           # the indirect targets of f, in tgt[]
    split("", tgt)
    for (g in taken) if (!(g in claimed)) tgt[g] = 1
    for (k = 1; k <= nclaim; k++)
        if (name[f] ~ csite[k]) for (g in taken) if (name[g] ~ ctgt[k]) tgt[g] = 1
}
function state(   g, st) {           # how deep each bounded recursion is now
    st = ""
    for (g in bound) st = st SUBSEP onpath[g] + 0
    return st
}
# A function may be entered again only on a cycle through a bounded one:
# one entered since its last entry (depth: the length of the call chain).
function need(f,   i, n, best, c, v, k, list, arr, key, savef, saveb) {
    if (f in bound && onpath[f] >= bound[f]) { lastkey = ""; return -1 }   # the code stops it here
    key = f state()
    if (key in memo) { lastkey = key; return memo[key] }
    if ((f in onpath) && !(f in bound) && !(bdepth > fdepth[f])) { bad = bad "recursion through " name[f] "\n"; return 0 }
    if (!(f in isfn)) { bad = bad "a call to " f ", which is no function\n"; return 0 }
    onpath[f]++; best = 0; via[key] = ""
    savef = fdepth[f]; saveb = bdepth; fdepth[f] = ++depth
    if (f in bound) bdepth = depth
    for (i = 1; i <= ncall[f]; i++) { c = callee[f, i]; v = need(c); if (v > best) { best = v; via[key] = lastkey } }
    if (ind[f]) {
        targets(f); list = ""
        for (k in tgt) list = list " " k
        n = split(substr(list, 2), arr, " ")
        for (i = 1; i <= n; i++) { v = need(arr[i]); if (v > best) { best = v; via[key] = lastkey } }
    }
    if (--onpath[f] == 0) delete onpath[f]
    fdepth[f] = savef; bdepth = saveb; depth--
    fn[key] = f; lastkey = key
    return memo[key] = frame[f] + best
}
$1 == "P" { csite[++nclaim] = "^(" $2 ")$"; ctgt[nclaim] = "^(" $3 ")$" }
$1 == "R" { boundn[$2] = $3 + 0 }
$1 == "E" { bad = bad "a spec line is not \"SITES TARGETS\": " substr($0, 3) "\n" }
$1 == "F" { isfn[$2] = 1; name[$2] = $3; if (($2 "") == (ENTRY "")) root = $2 "" }   # as strings: 1000e2 is a number to awk
$1 == "S" { frame[$2] += $3 }
$1 == "C" || $1 == "T" { if (!seen[$2, $3]++) callee[$2, ++ncall[$2]] = $3 }
$1 == "I" { ind[$2] = 1 }
$1 == "A" { codeaddr[$2] = 1 }
$1 == "X" { xs[$2] = xs[$2] substr($0, length($1 $2) + 4) "; " }
$1 == "D" { if ($2 in isfn) taken[$2] = 1 }
END {
    for (a in codeaddr) if (a in isfn) taken[a] = 1
    delete taken[root]                 # the entry: only the kernel starts a thread there
    for (g in taken) for (k = 1; k <= nclaim; k++) if (name[g] ~ ctgt[k]) claimed[g] = 1
    for (f in isfn) if (name[f] in boundn) bound[f] = boundn[name[f]]
    for (f in xs) if (f != root) bad = bad name[f] ": " xs[f] "\n"
    for (k = 1; k <= nclaim; k++) {    # a claim whose call moved (inlined, renamed) is stale
        ok = 1
        for (f in isfn) if (name[f] ~ csite[k]) ok = 0
        for (f in ind) if (name[f] ~ csite[k]) ok = 1
        if (!ok) bad = bad "no indirect call in " csite[k] " (spec: update it)\n"
    }
    total = need(root)
    printf "stack %d of %d bytes:", total, BUDGET
    for (k = lastkey; k != ""; k = via[k]) printf " %s(%d)", name[fn[k]], frame[fn[k]]
    printf "\n"
    if (bad != "") { printf "%s: error: the stack need cannot be bounded:\n%s", ELF, bad > "/dev/stderr"; exit 1 }
    if (total > BUDGET) {
        printf "%s: error: thread stack need %d bytes exceeds the %d its layout gives (lib/mote/component.ld)\n", ELF, total, BUDGET > "/dev/stderr"
        exit 1
    }
}'
