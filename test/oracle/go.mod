module podpatch.test/oracle

go 1.22.0
