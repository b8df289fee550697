"""Setting a desk up and administering a database, without Qt (issue 17).

:mod:`config` remembers which database this desk uses, :mod:`setup` is the
first run (local file or shared server, data key, first admin).
"""
