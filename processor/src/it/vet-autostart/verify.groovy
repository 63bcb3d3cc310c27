// Run by maven-invoker-plugin after the nested build (basedir = its directory). The build had ctx4j-processor on its
// annotation processor path and no -Xplugin flag, so its log must carry exactly one [ctx4j:<rule>] warning for each
// line of src/main/java that ends with "// expect: <rule>", at that file and line, and no other [ctx4j:...] warning
// (Suppressed.java has the same leaks as Leaky.java under @SuppressWarnings("ctx4j:lostcancel")).

def log = new File(basedir, 'build.log').getText('UTF-8')

// -V printed the JDK of the nested build: the one running the outer build (JDK 17, then 25, in .ci/run).
def jdk = System.getProperty('java.version')
assert log.contains("Java version: ${jdk},") : "the nested build did not run on the outer build's JDK ${jdk}"

def expected = []
new File(basedir, 'src/main/java').eachFileRecurse(groovy.io.FileType.FILES) { file ->
  file.readLines('UTF-8').eachWithIndex { line, i ->
    def m = line =~ /\/\/ expect: (\w+)\s*$/
    if (m.find()) {
      expected << "${file.name}:${i + 1}: [ctx4j:${m.group(1)}]".toString()
    }
  }
}
assert expected.size() >= 2 : 'the fixture marks fewer than two expected findings'

// maven-compiler-plugin prints a javac warning as "[WARNING] /path/File.java:[line,column] message"
def reported = []
def ctx4jLines = log.readLines().findAll { it.contains('[ctx4j:') }
ctx4jLines.each { line ->
  def m = line =~ /^\[WARNING\] .*[\\\/](\w+\.java):\[(\d+),\d+\] (\[ctx4j:\w+\])/
  assert m.find() : "not a javac warning at a file and line: ${line}"
  reported << "${m.group(1)}:${m.group(2)}: ${m.group(3)}".toString()
}

assert reported.sort() == expected.sort() :
    "ctx4j vet's warnings in the Maven build are not the // expect: lines" +
    (ctx4jLines ? '' : ' (none at all: the plugin did not start)') + '\n' +
    "expected: ${expected.sort()}\nreported: ${ctx4jLines ? ctx4jLines.join('\n          ') : 'nothing'}\n" +
    "(the nested build's log: ${new File(basedir, 'build.log')})"
assert !log.contains('Suppressed.java') : 'a suppressed finding was reported'

// the processor ran too: Clean.java compiles only against the generated wrapper
assert new File(basedir, 'target/classes/demo/Ctx4j_Repo.class').isFile()
return true
