// A QObject that works in a thread of its own, so the helper's servers answer while a program runs
// in the main thread. Its sockets are made and used in that thread only.
#pragma once

#include <QObject>
#include <QThread>
#include <functional>

namespace vethlab::kerneld {

class ServiceThread : public QObject {
public:
    ServiceThread() {
        moveToThread(&thread_);
        thread_.start();
    }

protected:
    /// For the derived destructor: `forget` runs in the thread (drop what refers to children), the
    /// children (its sockets) are deleted there, then the thread ends.
    void stop(const std::function<void()>& forget) {
        QMetaObject::invokeMethod(
            this,
            [this, &forget] {
                forget();
                for (QObject* child : children())
                    delete child;
                moveToThread(thread_.thread());
            },
            Qt::BlockingQueuedConnection);
        thread_.quit();
        thread_.wait();
    }

private:
    QThread thread_;
};

} // namespace vethlab::kerneld
