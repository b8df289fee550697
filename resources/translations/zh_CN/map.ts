<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>MapView</name>
    <message>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>OpenStreetMap</source>
        <translation>OpenStreetMap</translation>
    </message>
    <message>
        <source>AMap (Gaode)</source>
        <translation>高德地图</translation>
    </message>
    <message>
        <source>Offline (boundaries only)</source>
        <translation>离线（仅行政区边界）</translation>
    </message>
    <message>
        <source>Background map</source>
        <translation>底图</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>No visit planned</source>
        <translation>未安排走访</translation>
    </message>
    <message>
        <source>Visit planned</source>
        <translation>已安排走访</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>已通知</translation>
    </message>
    <message>
        <source>Visited</source>
        <translation>已走访</translation>
    </message>
    <message>
        <source>Do not visit</source>
        <translation>勿访</translation>
    </message>
    <message>
        <source>Approximate (district centre)</source>
        <translation>大致位置（区县中心）</translation>
    </message>
    <message>
        <source>Dark ring: days past due (thicker = longer)</source>
        <translation>深色描边：逾期天数（越粗逾期越久）</translation>
    </message>
    <message>
        <source>Numbered circle: customers in that area (orange: share overdue)</source>
        <translation>带数字的圆圈：该区域的客户数（橙色：逾期客户占比）</translation>
    </message>
    <message>
        <source>Shift + drag: select an area</source>
        <translation>按住 Shift 拖动：框选区域</translation>
    </message>
    <message>
        <source>Days past due</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Route of the day</source>
        <translation>当日路线</translation>
    </message>
    <message>
        <source>Boundaries</source>
        <translation>行政区边界</translation>
    </message>
    <message>
        <source>Drag to the customer&apos;s home</source>
        <translation>拖到客户住址</translation>
    </message>
    <message>
        <source>Building the map…</source>
        <translation>正在生成地图…</translation>
    </message>
    <message>
        <source>{0} customers on the map</source>
        <translation>地图上有 {0} 位客户</translation>
    </message>
    <message>
        <source>{0} customers here, counted per area: zoom in to see each one</source>
        <translation>此处有 {0} 位客户，按区域计数：放大可看到每位客户</translation>
    </message>
    <message>
        <source>The map could not be built: {0}</source>
        <translation>无法生成地图：{0}</translation>
    </message>
    <message>
        <source>The map page did not load</source>
        <translation>地图页面未能加载</translation>
    </message>
    <message>
        <source>The location could not be saved: {0}</source>
        <translation>无法保存位置：{0}</translation>
    </message>
    <message>
        <source>The background map cannot be loaded (no internet connection?).</source>
        <translation>底图无法加载（可能没有网络连接）。</translation>
    </message>
    <message>
        <source>Switch to the offline map</source>
        <translation>切换到离线地图</translation>
    </message>
    <message>
        <source>{0} cannot be reached (no internet connection?): this is the offline map.</source>
        <translation>无法连接{0}（可能没有网络连接），当前显示离线地图。</translation>
    </message>
    <message>
        <source>{0} days past due</source>
        <translation>逾期 {0} 天</translation>
    </message>
    <message>
        <source>Visit confirmed</source>
        <translation>走访已确认</translation>
    </message>
    <message>
        <source>Visitable</source>
        <translation>可走访</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{0} / {1} customers, filtered by: {2}</source>
        <translation>{0} / {1} 位客户，筛选：{2}</translation>
    </message>
    <message>
        <source>{0} customers</source>
        <translation>共 {0} 位客户</translation>
    </message>
    <message>
        <source>; another {0} cannot be placed on the map (no address coordinates)</source>
        <translation>；另有 {0} 位客户无法定位（地址无坐标）</translation>
    </message>
</context>
</TS>
