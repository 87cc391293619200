<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DatabaseProblemDialog</name>
    <message>
        <source>Cairn cannot open its database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database %1 cannot be used: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cairn can move the file aside (it is renamed, not deleted, so nothing in it is lost) and start with a new, empty database. Or quit and look at the file first, for example with &quot;cairn-cli db check&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database %1 was written by a newer version of Cairn: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This Cairn (%1) knows database schema versions up to %2 and will not change the file. Please start the newer Cairn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database %1 cannot be opened: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cairn leaves the file as it is and quits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move aside and start fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cairn::ui::MainWindow</name>
    <message>
        <source>Cairn</source>
        <translation>Cairn</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Cairn</source>
        <translation>关于 Cairn(&amp;A)</translation>
    </message>
    <message>
        <source>No conversation yet.
Load a model, then type a message below.</source>
        <translation>还没有对话。
请先加载模型，然后在下方输入消息。</translation>
    </message>
    <message>
        <source>Message Cairn (Ctrl+Enter to send)</source>
        <translation>给 Cairn 发消息（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Detecting backends…</source>
        <translation>正在检测后端…</translation>
    </message>
    <message>
        <source>Send the message (Ctrl+Enter)</source>
        <translation>发送消息（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Load a model to start chatting</source>
        <translation>加载模型后即可开始聊天</translation>
    </message>
    <message>
        <source>About Cairn</source>
        <translation>关于 Cairn</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cairn %1&lt;/b&gt;&lt;p&gt;A local, offline assistant and codebase analyst. Nothing leaves this machine.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Cairn %1&lt;/b&gt;&lt;p&gt;本地离线助手与代码库分析工具。所有数据都不会离开本机。&lt;/p&gt;</translation>
    </message>
</context>
</TS>
