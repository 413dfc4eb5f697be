# docs/docs.mk - targets owned by the documentation area; included by the
# top Makefile (`make install`, which installs man/mtpm.1 and fills in
# docs/mtpm.pc.in, lives there, beside all and check).
#
#   make spec-coverage
#        which Part 3 commands mtpm implements, with their section and
#        tests; fails when a command or Part 2 type function has no
#        `Part N §x.y` citation, or when any file cites a placeholder
#        section whose number has a letter x in it
#        (tests/lib/spec-coverage.sh).

.PHONY: spec-coverage
spec-coverage:
	@sh tests/lib/spec-coverage.sh .
