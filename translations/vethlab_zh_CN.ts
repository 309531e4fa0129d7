<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>vethlab::gui::MainWindow</name>
    <message>
        <location filename="../app/gui/main_window.cpp" line="205"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="220"/>
        <source>vethlab — %1</source>
        <translation>vethlab — %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="221"/>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="222"/>
        <source>Console</source>
        <translation>终端</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="223"/>
        <source>Under the hood</source>
        <translation>内核里发生了什么</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="224"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="256"/>
        <source>Frames per interface</source>
        <translation>各网卡的帧数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="231"/>
        <source>Restart</source>
        <translation>从头开始</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="225"/>
        <source>Reachability</source>
        <translation>连通性</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="226"/>
        <source>Inspector</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="228"/>
        <source>Click a container, bridge or the host on the canvas.</source>
        <translation>在画布上点击一个容器、网桥或宿主机。</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="229"/>
        <source>Probe who reaches whom (by IP and by name)</source>
        <translation>实际探测：谁能连到谁（按 IP 和按名字）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="230"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="232"/>
        <source>Step back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="233"/>
        <source>Step forward</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="234"/>
        <source>Replay packets</source>
        <translation>重放数据包</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="235"/>
        <source>Event back</source>
        <translation>上一个事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="236"/>
        <source>Next event</source>
        <translation>下一个事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="237"/>
        <source>Packet-level micro-step back: one engine event (,)</source>
        <translation>数据包级微步后退：一个引擎事件（,）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="238"/>
        <source>Packet-level micro-step: one engine event of the next step (.)</source>
        <translation>数据包级微步：下一步中的一个引擎事件（.）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="239"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="240"/>
        <source>中文</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="240"/>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="241"/>
        <source>Presentation mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="242"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="243"/>
        <location filename="../app/gui/main_window.cpp" line="745"/>
        <source>Export topology</source>
        <translation>导出拓扑图</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="244"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="245"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="246"/>
        <source>Undo the last command</source>
        <translation>撤销上一条命令</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="247"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="248"/>
        <source>Type a command, e.g. docker network ls</source>
        <translation>输入命令，例如 docker network ls</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="249"/>
        <source>Time (ms)</source>
        <translation>时间 (ms)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="249"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="249"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="249"/>
        <source>Verdict</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="250"/>
        <source>interface</source>
        <translation>网卡</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="251"/>
        <source>frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="252"/>
        <source>sequence number</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="253"/>
        <source>RTT (ms)</source>
        <translation>往返时间 (ms)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="254"/>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="255"/>
        <source>addresses in use</source>
        <translation>已分配地址数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="257"/>
        <source>Ping RTT</source>
        <translation>ping 往返时间</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="258"/>
        <source>Addresses per network</source>
        <translation>各网络的地址</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="287"/>
        <source># %1

Press **Step forward** (Page Down) to play the first step.</source>
        <translation># %1

按 **下一步**（Page Down）播放第一步。</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="343"/>
        <source>This step differs from the lesson: %1</source>
        <translation>这一步的输出与课程不同：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="345"/>
        <location filename="../app/gui/main_window.cpp" line="474"/>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="443"/>
        <source>IP %1  name %2</source>
        <translation>IP %1  名字 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="445"/>
        <source>by IP: %1</source>
        <translation>按 IP：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="446"/>
        <source>by name: %1</source>
        <translation>按名字：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="447"/>
        <source>reachable</source>
        <translation>可达</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="510"/>
        <source>(running: engine event %1 of %2)</source>
        <translation>（运行中：引擎事件 %1 / %2）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="512"/>
        <source>Step %1, engine event %2 of %3</source>
        <translation>第 %1 步，引擎事件 %2 / %3</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="548"/>
        <source>Nothing to undo in this step</source>
        <translation>这一步没有可撤销的命令</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="554"/>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="566"/>
        <source>Redone: %1</source>
        <translation>已重做：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="668"/>
        <source>(no kernel operations in this step)</source>
        <translation>（这一步没有内核操作）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="760"/>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="760"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::TopologyScene</name>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="254"/>
        <source>Networks</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="393"/>
        <source>vethlab topology</source>
        <translation>vethlab 拓扑图</translation>
    </message>
</context>
</TS>
