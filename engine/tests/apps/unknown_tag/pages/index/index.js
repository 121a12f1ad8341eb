Page({data:{}});
