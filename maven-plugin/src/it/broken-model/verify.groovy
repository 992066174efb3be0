// The build failed in nnc:generate with every error of every file, exactly as `nnc check` / `nnc compile`
// print them (file:line:col: error: message, the line, a caret), and without a stack trace.
def log = new File(basedir, 'build.log').text
// Maven prefixes each line of a failure message with "[ERROR] "; what follows the prefix is the message
def text = log.readLines().collect { it.startsWith('[ERROR] ') ? it.substring(8) : (it == '[ERROR]' ? '' : it) }.join('\n') + '\n'

def header = 'Failed to execute goal dev.nnc:nnc-maven-plugin:' + nncVersion + ':generate (default) on project broken-model: nnc: 4 errors in 3 files:\n\n'
assert text.contains(header)
def message = text.substring(text.indexOf(header) + header.length())

// the same files through the command line, from the same folder, with the compiler the plugin used
def repo = localRepositoryPath.toPath()
def jar = { String group, String artifact, String version ->
    repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version).resolve("${artifact}-${version}.jar").toString()
}
def classpath = [jar('dev.nnc', 'nnc-compiler', nncVersion), jar('dev.nnc', 'nnc-grammar', nncVersion),
                 jar('dev.nnc', 'nnc-runtime', nncVersion), jar('org.antlr', 'antlr4-runtime', antlrVersion),
                 jar('com.palantir.javapoet', 'javapoet', javapoetVersion), jar('info.picocli', 'picocli', picocliVersion),
                 jar('com.google.code.gson', 'gson', gsonVersion)].join(File.pathSeparator)
def nnc = { List<String> args ->
    def java = new File(System.getProperty('java.home'), 'bin/java').path
    def process = ([java, '-cp', classpath, 'dev.nnc.compiler.cli.Main'] + args).execute(null as List, basedir)
    def out = new StringBuilder(), err = new StringBuilder()
    process.waitForProcessOutput(out, err)
    assert process.exitValue() == 1 : "nnc ${args} should fail: ${out}${err}"
    return err.toString()
}
// the command line's diagnostics, one block each (the first line, then the source line and caret if any)
def blocks = { String cliText ->
    def result = []
    cliText.readLines().each { line ->
        if (line ==~ /^src\/main\/nn\/\S+: (error|warning): .*/) {
            result << line + '\n'
        } else {
            result[-1] += line + '\n'
        }
    }
    return result
}
def all = blocks(nnc(['check', 'src/main/nn/com/acme/Broken.nn', 'src/main/nn/com/acme/more/Unclosed.nn']) +
                 nnc(['compile', 'src/main/nn/com/acme/more/NoData.nn', '-d', new File(basedir, 'target/cli').path]))
all = all.sort { it.substring(0, it.indexOf(':')) }   // the plugin's order: by path (a stable sort)
def errors = all.findAll { it.contains(': error: ') }.join('')
def warnings = all.findAll { it.contains(': warning: ') }
assert errors.startsWith('src/main/nn/com/acme/Broken.nn:4:29: error: ')
assert errors.contains('\nsrc/main/nn/com/acme/Broken.nn:5:22: error: ')
assert errors.contains('\nsrc/main/nn/com/acme/more/NoData.nn: error: cannot generate model `NoData`: ')
assert errors.contains('\nsrc/main/nn/com/acme/more/Unclosed.nn:4:24: error: ')
assert message.startsWith(errors) : "the build's errors:\n${message}\ndiffer from the command line's:\n${errors}"
assert message.contains("list its file in the plugin's <excludes>")

// warnings are logged as warnings, and are not counted among the errors
assert !warnings.isEmpty()
warnings.each { w ->
    def first = w.readLines()[0]
    assert log.contains('[WARNING] ' + first) : "warning not logged: ${first}"
    assert !message.contains(first)
}

// every file was compiled before the build failed: the good one was generated
assert new File(basedir, 'target/generated-sources/nn/com/acme/Good.java').isFile()
assert !new File(basedir, 'target/generated-sources/nn/com/acme/Broken.java').exists()

// no stack trace, no exception but Maven's pointer to its help page for MojoFailureException
assert !(log =~ /(?m)^\s*at [\w.$]+\(/)
assert !log.contains('Caused by')
assert !log.contains('MojoExecutionException')
return true
