// Two builds of the same project (invoker.properties). Between them the profile "edit" changed Changed.nn,
// added Added.nn, deleted Gone.nn, and copied Same.java and Changed.java to target/before with their timestamps.
def log = new File(basedir, 'build.log').text   // both builds, one after the other
def builds = log.split(/\[INFO\] Scanning for projects/).findAll { it.contains('nnc-maven-plugin') }
assert builds.size() == 2 : "expected two builds in build.log, found ${builds.size()}"
def (first, second) = builds

assert first.contains('Generated com/acme/Changed.java, com/acme/ChangedTrainer.java from src/main/nn/com/acme/Changed.nn')
assert first.contains('Generated com/acme/Gone.java, com/acme/GoneTrainer.java from src/main/nn/com/acme/Gone.nn')
assert first.contains('Generated com/acme/Same.java, com/acme/SameTrainer.java from src/main/nn/com/acme/Same.nn')
assert first.contains('nnc: 3 generated, 0 up to date, 0 removed')

assert second.contains('Up to date: src/main/nn/com/acme/Same.nn')
assert second.contains('Generated com/acme/Added.java, com/acme/AddedTrainer.java from src/main/nn/com/acme/Added.nn')
assert second.contains('Generated com/acme/Changed.java, com/acme/ChangedTrainer.java from src/main/nn/com/acme/Changed.nn')
assert second.contains('Removed com/acme/Gone.java, com/acme/GoneTrainer.java (from src/main/nn/com/acme/Gone.nn, which is gone or no longer included)')
assert second.contains('nnc: 2 generated, 1 up to date, 1 removed')
assert !second.contains('from src/main/nn/com/acme/Same.nn')

def generated = new File(basedir, 'target/generated-sources/nn/com/acme')
def before = new File(basedir, 'target/before')
// the unchanged model was not written again: same bytes, same timestamp
['Same.java', 'SameTrainer.java'].each {
    assert new File(generated, it).text == new File(before, it).text
    assert new File(generated, it).lastModified() == new File(before, it).lastModified() : "$it was rewritten"
}
// the changed model was: it now has two outputs
assert new File(before, 'Changed.java').text.contains('OUTPUT_SIZE = 1;')
assert new File(generated, 'Changed.java').text.contains('OUTPUT_SIZE = 2;')
assert new File(generated, 'Changed.java').lastModified() > new File(before, 'Changed.java').lastModified()

// the deleted model's sources and classes are gone, the others are compiled
assert generated.list().sort() == ['Added.java', 'AddedTrainer.java', 'Changed.java', 'ChangedTrainer.java', 'Same.java', 'SameTrainer.java']
def classes = new File(basedir, 'target/classes/com/acme')
assert !new File(classes, 'Gone.class').exists() && !new File(classes, 'GoneTrainer.class').exists()
assert new File(classes, 'Added.class').isFile() && new File(classes, 'Changed.class').isFile()

// the state file records what was generated from what
def state = new File(basedir, 'target/maven-status/nnc/state').readLines().findAll { it.startsWith('source\t') }
assert state.collect { it.split('\t')[1] } == ['com/acme/Added.nn', 'com/acme/Changed.nn', 'com/acme/Same.nn']
return true
