#!/usr/bin/env bash
# Training speed of Orphic vs the PyTorch reference (../shared/bench/torch_gpt_reference.py) on the
# same machine, interleaved so that both see the same background load. Needs Debian's python3-torch
# (apt-get install python3-torch). Prints one line per measurement; compare medians.
#   bash bench/compare-torch.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-2}"
ref=../shared/bench/torch_gpt_reference.py
[ -f "$ref" ] || { echo "no $ref (the shared folder is missing)" >&2; exit 1; }
S=(--layers 3 --heads 4 --dim 64 --context 64 --batch 32)
M=(--layers 6 --heads 8 --dim 256 --context 128 --batch 16)
field() { python3 -c "import json,sys; d=json.loads(sys.stdin.read().strip().splitlines()[-1]); print(d['$1'])"; }
for r in $(seq 1 "$rounds"); do
  for cfg in S M; do
    if [ "$cfg" = S ]; then args=("${S[@]}"); steps=60; warm=100; else args=("${M[@]}"); steps=15; warm=20; fi
    o2=$(./orphic bench train --arch gpt "${args[@]}" --steps $steps --warmup $warm --threads 2 --json 2>/dev/null | field tokens_per_second)
    o1=$(./orphic bench train --arch gpt "${args[@]}" --steps $steps --warmup $warm --threads 1 --json 2>/dev/null | field tokens_per_second)
    t1=$(/usr/bin/python3 "$ref" speed --config $cfg --threads 1 --no-gate 2>/dev/null | field tokens_per_s)
    t2=$(/usr/bin/python3 "$ref" speed --config $cfg --threads 2 --env OMP_WAIT_POLICY=PASSIVE --no-gate 2>/dev/null | field tokens_per_s)
    printf 'round %s config %s  orphic 1t %8.0f  2t %8.0f  |  torch 1t %8.0f  2t(passive) %8.0f tok/s\n' "$r" "$cfg" "$o1" "$o2" "$t1" "$t2"
  done
done
