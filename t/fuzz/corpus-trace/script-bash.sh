#!/bin/bash
f() {
	sleep 0.3
}
for i in 1 2 3; do
	sleep 0.1
done
f
. ./lib.sh
x=$(sleep 0.2; echo sub)
( sleep 0.1 )
sleep 0.2 | cat
i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done
echo done "$x"
