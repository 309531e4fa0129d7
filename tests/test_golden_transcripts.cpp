// Golden transcripts: every file in tests/golden/ is replayed and compared with what real Docker
// 20.10 and the real tools printed (the seed article and the reference lab transcript).
#include <QDir>
#include <QFile>
#include <QtTest>

#include "transcript_check.h"

class GoldenTranscripts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replay_data();
    void replay();
};

void GoldenTranscripts::replay_data() {
    QTest::addColumn<QString>("path");
    QDir dir(QStringLiteral(VETHLAB_GOLDEN_DIR));
    const auto files = dir.entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 2, "the golden transcripts are missing");
    for (const auto& f : files)
        QTest::newRow(f.toUtf8().constData()) << dir.filePath(f);
}

void GoldenTranscripts::replay() {
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const std::string text = file.readAll().toStdString();
    auto result = vethlab::testing::checkTranscript(text, QFileInfo(path).fileName().toStdString());
    std::string all;
    for (const auto& f : result.failures)
        all += f + "\n";
    if (!result.ok) qWarning("%s", all.c_str());
    QVERIFY2(result.ok, all.c_str());
    QVERIFY2(result.compared > 0, "no command output was compared");
}

QTEST_GUILESS_MAIN(GoldenTranscripts)
#include "test_golden_transcripts.moc"
